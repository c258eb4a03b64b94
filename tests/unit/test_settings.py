import re
from pathlib import Path

import pytest
from pydantic import SecretStr, ValidationError

from core.settings import HIDDEN, Settings, shown

README = Path(__file__).resolve().parents[2] / "README.md"


def test_environment_variables_with_prefix_configure_settings(monkeypatch, tmp_path):
    monkeypatch.setenv("RAGLOOP_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("RAGLOOP_TOP_K", "7")
    settings = Settings(_env_file=None)
    assert settings.data_dir == tmp_path
    assert settings.top_k == 7
    assert settings.sqlalchemy_url == f"sqlite:///{(tmp_path / 'ragloop.db').resolve()}"


def test_dotenv_file_is_read(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".env").write_text("RAGLOOP_REFUSAL_THRESHOLD=0.6\n")
    assert Settings().refusal_threshold == 0.6


def test_an_empty_optional_setting_means_unset(monkeypatch):
    monkeypatch.setenv("RAGLOOP_REFUSAL_THRESHOLD", "")
    monkeypatch.setenv("RAGLOOP_CALIBRATION_FILE", " ")
    monkeypatch.setenv("RAGLOOP_ALERT_P95_MS", "")
    settings = Settings(_env_file=None)
    assert (settings.refusal_threshold, settings.calibration_file, settings.alert_p95_ms) == (None, None, None)
    monkeypatch.setenv("RAGLOOP_REFUSAL_THRESHOLD", "high")
    with pytest.raises(ValidationError, match="refusal_threshold"):
        Settings(_env_file=None)


def test_overlap_must_be_smaller_than_chunk_size():
    with pytest.raises(ValidationError, match="chunk_overlap"):
        Settings(_env_file=None, chunk_size=100, chunk_overlap=100)


def test_production_refuses_placeholder_langfuse_secret():
    with pytest.raises(ValidationError, match="placeholder"):
        Settings(_env_file=None, environment="production", langfuse_host="http://lf", langfuse_public_key="pk",
                 langfuse_secret_key="changeme", secret_key="s" * 40)


@pytest.mark.parametrize("secret", ["", "changeme", "short-but-not-placeholder"])
def test_production_needs_a_real_session_secret(secret):
    with pytest.raises(ValidationError, match="RAGLOOP_SECRET_KEY"):
        Settings(_env_file=None, environment="production", secret_key=secret)
    assert Settings(_env_file=None, environment="production", secret_key="k" * 32).secret_key


def test_every_setting_is_documented_in_the_readme():
    documented = set(re.findall(r"`(RAGLOOP_[A-Z0-9_]+)`", README.read_text()))
    expected = {f"RAGLOOP_{name.upper()}" for name in Settings.model_fields}
    assert expected - documented == set(), "settings missing from the README table"
    assert documented - expected - {"RAGLOOP_TEST_POSTGRES_URL"} == set(), "README documents unknown settings"


def test_every_setting_says_what_it_does():
    # the admins' settings page shows each description beside its value
    assert sorted(name for name, field in Settings.model_fields.items() if not field.description) == []


def test_a_page_shows_no_secret_of_any_setting():
    assert shown(SecretStr("sk-1")) == HIDDEN and shown(SecretStr("")) == ""
    database = shown("postgresql+psycopg://ragloop:hunter2@db:5432/ragloop")
    assert database == f"postgresql+psycopg://ragloop:{HIDDEN}@db:5432/ragloop"
    assert shown("http://127.0.0.1:6333") == "http://127.0.0.1:6333" and shown(5) == 5
    arm = shown('{"name": "v2", "b": {"llm_api_key": "sk-2", "llm_base_url": "https://u:pw@llm/v1", "temperature": 0}}')
    assert "sk-2" not in arm and "pw@" not in arm and '"temperature": 0' in arm and "https://u:" in arm
    assert shown("{not json") == "{not json"
