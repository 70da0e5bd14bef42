"""deploy/compose.yaml: the services a province needs, and every command is one we have."""

from __future__ import annotations

import re
from pathlib import Path

import yaml
from django.core.management import get_commands

from prongsai.cli import resolve_argv

ROOT = Path(__file__).resolve().parents[3]
DEPLOY = ROOT / "deploy"


def compose() -> dict:
    return yaml.safe_load((DEPLOY / "compose.yaml").read_text(encoding="utf-8"))


def ours(service: dict) -> bool:
    return service.get("image") == "prongsai:latest"


def test_the_compose_file_has_every_service_of_a_province():
    services = compose()["services"]
    assert {"postgres", "redis", "minio", "web", "worker", "scheduler", "proxy"} <= set(services)
    assert services["web"]["deploy"]["replicas"] >= 2  # several web servers behind the proxy
    assert services["scheduler"]["deploy"]["replicas"] == 1  # one scheduler, never two
    assert "web" in services["proxy"]["depends_on"]
    assert "reverse_proxy web:8000" in (DEPLOY / "Caddyfile").read_text(encoding="utf-8")
    for name in ("web", "worker", "scheduler"):
        env = services[name]["environment"]
        assert env["PRONGSAI_BROKER_URL"].startswith("redis://redis:"), name
        assert env["DATABASE_URL"].startswith("postgres://"), name
        assert env["PRONGSAI_S3_ENDPOINT_URL"] == "http://minio:9000", name


def test_every_command_of_our_image_exists_in_our_cli():
    known = set(get_commands())
    checked = []
    for name, service in compose()["services"].items():
        if not ours(service):
            continue
        command = service["command"]
        if command[0] == "gunicorn":
            config = command[command.index("-c") + 1]
            assert (ROOT / config).is_file(), name
            assert command[-1] == "prongsai.wsgi", name
        else:
            assert command[0] == "prongsai", name
            resolved = resolve_argv(command[1:], known)
            assert resolved[0] in known, f"{name}: prongsai {resolved[0]} is no command"
        checked.append(name)
    assert {"web", "worker", "scheduler", "migrate"} <= set(checked)


def test_every_variable_the_file_asks_for_is_a_setting_we_read():
    text = (DEPLOY / "compose.yaml").read_text(encoding="utf-8")
    settings_source = (ROOT / "src/prongsai/settings.py").read_text(encoding="utf-8")
    gunicorn_source = (ROOT / "gunicorn.conf.py").read_text(encoding="utf-8")
    app_env = compose()["services"]["web"]["environment"]
    for variable in app_env:
        with_read = f'"{variable}"' in settings_source or f'"{variable}"' in gunicorn_source
        assert with_read, f"{variable} is set in compose.yaml but read nowhere"
    assert re.search(r"\$\{SECRET_KEY:\?", text)  # no default secret
