"""Encryption keys: the development key file, key lists, and what a wrong key does."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from config import TestingConfig
from peermatch.security import encrypted

TEST_KEY = str(TestingConfig.ENCRYPTION_KEYS)


@pytest.fixture(autouse=True)
def restore_keys() -> object:
    yield
    encrypted.configure([TEST_KEY])


def test_the_development_key_is_made_once_readable_by_the_owner_only(tmp_path: Path) -> None:
    first = encrypted.development_key(tmp_path / "instance")
    path = tmp_path / "instance" / encrypted.DEV_KEY_FILE
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert encrypted.development_key(tmp_path / "instance") == first
    assert encrypted.key_problems([first]) == []


def test_development_config_falls_back_to_the_key_file_and_production_does_not(
    tmp_path: Path,
) -> None:
    keys = encrypted.keys_for_config({"ENCRYPTION_DEV_KEY_FILE": True}, tmp_path)
    assert keys == [(tmp_path / encrypted.DEV_KEY_FILE).read_text().strip()]
    # Production never gets here without keys (config validation); a process without any
    # keys configured refuses rather than inventing one.
    encrypted._KEYRING.keys = ()
    with pytest.raises(encrypted.EncryptionKeyError):
        encrypted.keys_for_config({"ENCRYPTION_KEYS": ""}, tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == [encrypted.DEV_KEY_FILE]


def test_the_newest_key_encrypts_and_every_listed_key_decrypts() -> None:
    old_token = encrypted.encrypt("hallo")
    newer = encrypted.generate_key()
    encrypted.configure([newer, TEST_KEY])
    assert encrypted.decrypt(old_token) == "hallo"
    assert not encrypted.is_current(old_token)
    rotated = encrypted.rotate_token(old_token)
    assert encrypted.is_current(rotated)
    encrypted.configure([newer])
    assert encrypted.decrypt(rotated) == "hallo"
    with pytest.raises(encrypted.EncryptionKeyError, match="cannot be read"):
        encrypted.decrypt(old_token)


def test_no_key_or_a_bad_key_is_refused() -> None:
    with pytest.raises(encrypted.EncryptionKeyError):
        encrypted.configure([])
    with pytest.raises(encrypted.EncryptionKeyError, match="#1 is not a Fernet key"):
        encrypted.configure(["short"])
