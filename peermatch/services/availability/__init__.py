"""A peer expert's availability: weekly windows, date exceptions, and their free slots.

Rules about windows and exceptions live here (web editor and API both call this module);
slot arithmetic lives in the pure engine ``peermatch.availability``. Loading for the engine
comes in two shapes: one profile (``free_slots_for``) and many at once
(``free_slots_for_many``, a fixed number of SQL statements however many profiles, for
matching)."""

from __future__ import annotations

from peermatch.services.availability.editing import (
    MAX_EXCEPTION_DAYS as MAX_EXCEPTION_DAYS,
)
from peermatch.services.availability.editing import (
    MAX_NOTE_LENGTH as MAX_NOTE_LENGTH,
)
from peermatch.services.availability.editing import (
    MAX_WINDOWS_PER_DAY as MAX_WINDOWS_PER_DAY,
)
from peermatch.services.availability.editing import (
    ExceptionInput as ExceptionInput,
)
from peermatch.services.availability.editing import (
    WindowInput as WindowInput,
)
from peermatch.services.availability.editing import (
    _as_input as _as_input,
)
from peermatch.services.availability.editing import (
    _check_extra_fits as _check_extra_fits,
)
from peermatch.services.availability.editing import (
    _check_times as _check_times,
)
from peermatch.services.availability.editing import (
    _hhmm as _hhmm,
)
from peermatch.services.availability.editing import (
    add_exception as add_exception,
)
from peermatch.services.availability.editing import (
    add_rule as add_rule,
)
from peermatch.services.availability.editing import (
    check_windows as check_windows,
)
from peermatch.services.availability.editing import (
    list_exceptions as list_exceptions,
)
from peermatch.services.availability.editing import (
    list_rules as list_rules,
)
from peermatch.services.availability.editing import (
    local_today as local_today,
)
from peermatch.services.availability.editing import (
    profile_of as profile_of,
)
from peermatch.services.availability.editing import (
    remove_exception as remove_exception,
)
from peermatch.services.availability.editing import (
    remove_rule as remove_rule,
)
from peermatch.services.availability.editing import (
    replace_rules as replace_rules,
)
from peermatch.services.availability.editing import (
    require_profile as require_profile,
)
from peermatch.services.availability.editing import (
    zone_of as zone_of,
)
from peermatch.services.availability.free_slots import (
    BLOCKING_STATUSES as BLOCKING_STATUSES,
)
from peermatch.services.availability.free_slots import (
    DEFAULT_SESSION_MINUTES as DEFAULT_SESSION_MINUTES,
)
from peermatch.services.availability.free_slots import (
    STREAM_ROWS as STREAM_ROWS,
)
from peermatch.services.availability.free_slots import (
    EngineInput as EngineInput,
)
from peermatch.services.availability.free_slots import (
    ExceptionSource as ExceptionSource,
)
from peermatch.services.availability.free_slots import (
    ProfileSelection as ProfileSelection,
)
from peermatch.services.availability.free_slots import (
    RuleSource as RuleSource,
)
from peermatch.services.availability.free_slots import (
    SlotInputs as SlotInputs,
)
from peermatch.services.availability.free_slots import (
    SlotSettingsSource as SlotSettingsSource,
)
from peermatch.services.availability.free_slots import (
    _availability as _availability,
)
from peermatch.services.availability.free_slots import (
    _booked as _booked,
)
from peermatch.services.availability.free_slots import (
    _date_exception as _date_exception,
)
from peermatch.services.availability.free_slots import (
    _engine_inputs as _engine_inputs,
)
from peermatch.services.availability.free_slots import (
    _free_slot_pairs_each as _free_slot_pairs_each,
)
from peermatch.services.availability.free_slots import (
    _free_slots as _free_slots,
)
from peermatch.services.availability.free_slots import (
    _free_slots_each as _free_slots_each,
)
from peermatch.services.availability.free_slots import (
    _ids_or_query as _ids_or_query,
)
from peermatch.services.availability.free_slots import (
    _settings as _settings,
)
from peermatch.services.availability.free_slots import (
    default_session_minutes as default_session_minutes,
)
from peermatch.services.availability.free_slots import (
    free_slot_pairs_for_many as free_slot_pairs_for_many,
)
from peermatch.services.availability.free_slots import (
    free_slots_for as free_slots_for,
)
from peermatch.services.availability.free_slots import (
    free_slots_for_many as free_slots_for_many,
)
from peermatch.services.availability.free_slots import (
    full_day_for as full_day_for,
)
from peermatch.services.availability.free_slots import (
    lock_peer_experts as lock_peer_experts,
)
from peermatch.services.availability.free_slots import (
    requester_windows_for as requester_windows_for,
)
from peermatch.services.availability.free_slots import (
    slot_inputs as slot_inputs,
)
from peermatch.services.availability.preview import (
    DaySlots as DaySlots,
)
from peermatch.services.availability.preview import (
    LocalSlot as LocalSlot,
)
from peermatch.services.availability.preview import (
    group_by_local_day as group_by_local_day,
)
from peermatch.services.availability.preview import (
    preview as preview,
)
from peermatch.services.availability.preview import (
    weekly_window_count as weekly_window_count,
)
