"""Running the platform: organisations, their people, accounts and the experience taxonomy.

Pages, the API and the CLI all call these functions, so each rule (who may deactivate whom,
which domain may be chosen) lives here once. Every change writes an audit event.
"""

from peermatch.services.administration.common import ensure_admin as ensure_admin
