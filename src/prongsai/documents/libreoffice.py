"""PDF from a rendered Word file, by LibreOffice kept warm (unoserver).

Every PDF Prongsai makes is the Word file it makes, laid out by LibreOffice: one layout, two
formats, and an organisation's own Word template governs its PDF too. Starting LibreOffice costs
seconds, so one conversion server runs beside the web server and its workers (started on first
use, found again by its port, restarted when it has died) and converts one document at a time.

- The server is `documents/lo_server.py` under the Python that has LibreOffice's `uno` module
  (`PRONGSAI_UNO_PYTHON`, Debian's /usr/bin/python3 with python3-uno), with unoserver from our
  own environment on its path and nothing else of ours.
- Its fontconfig answers "TH SarabunPSK" with Laksaman at the same size (`fonts.py`), so a PDF
  keeps an office's page count when the real font is missing.
- Its LibreOffice profile and the fonts live in the data directory (`libreoffice/`).
"""

from __future__ import annotations

import atexit
import fcntl
import os
import shutil
import socket
import subprocess
import threading
import time
import xmlrpc.client
from importlib.metadata import distribution
from pathlib import Path

import unoserver
from django.conf import settings
from unoserver.client import UnoClient

from prongsai.documents import fonts

SERVER_SCRIPT = Path(__file__).resolve().parent / "lo_server.py"
START_SECONDS = 60  # LibreOffice's first start with a new profile takes a few seconds


class ConversionError(RuntimeError):
    """LibreOffice is missing, did not start, or could not convert the file."""


def _home() -> Path:
    home = Path(settings.DATA_DIR) / "libreoffice"
    home.mkdir(parents=True, exist_ok=True)
    return home


def _python_path(home: Path) -> Path:
    """A folder holding only unoserver (its package and metadata), for the other interpreter."""
    folder = home / "python"
    folder.mkdir(exist_ok=True)
    package = Path(unoserver.__file__).resolve().parent
    metadata = Path(distribution("unoserver")._path).resolve()  # unoserver reads its version
    for target in (package, metadata):
        link = folder / target.name
        if not link.is_symlink() or link.resolve() != target:
            link.unlink(missing_ok=True)
            link.symlink_to(target, target_is_directory=True)
    return folder


def _answers(port: int) -> bool:
    proxy = xmlrpc.client.ServerProxy(f"http://127.0.0.1:{port}", allow_none=True)
    old = socket.getdefaulttimeout()
    socket.setdefaulttimeout(2)
    try:
        proxy.info()
        return True
    except (OSError, xmlrpc.client.Error):
        return False
    finally:
        socket.setdefaulttimeout(old)


class Server:
    """The conversion server of this data directory (one per machine and data directory)."""

    def __init__(self) -> None:
        self.port = settings.LIBREOFFICE_PORT
        self.process: subprocess.Popen | None = None
        self.lock = threading.Lock()

    def ensure(self) -> None:
        """Start the server unless it answers already (another worker may have started it)."""
        if _answers(self.port):
            return
        home = _home()
        with open(home / "start.lock", "w") as lock_file:
            fcntl.flock(lock_file, fcntl.LOCK_EX)  # one starter per machine at a time
            if _answers(self.port):
                return
            self._start(home)

    def _start(self, home: Path) -> None:
        python = settings.UNO_PYTHON
        soffice = shutil.which(settings.SOFFICE) or settings.SOFFICE
        if not Path(soffice).exists():
            raise ConversionError(
                "ไม่พบ LibreOffice จึงทำ PDF ไม่ได้ (ไฟล์ Word ทำได้ตามปกติ): ติดตั้ง libreoffice-writer-nogui "
                "และ python3-uno (LibreOffice is not installed: PDF cannot be made; Word files can)"
            )
        env = dict(os.environ)
        env["FONTCONFIG_FILE"] = str(fonts.fontconfig_file(home))
        env["PYTHONPATH"] = str(_python_path(home))
        uno_port = _free_port()
        log = open(home / "server.log", "ab")  # noqa: SIM115 (the child keeps it)
        self.process = subprocess.Popen(
            [python, str(SERVER_SCRIPT), "--interface", "127.0.0.1", "--port", str(self.port),
             "--uno-interface", "127.0.0.1", "--uno-port", str(uno_port),
             "--executable", soffice, "--user-installation", str(home / "profile"),
             "--conversion-timeout", str(settings.LIBREOFFICE_TIMEOUT), "--quiet"],
            env=env, stdout=log, stderr=log, stdin=subprocess.DEVNULL, start_new_session=True,
        )  # fmt: skip
        atexit.register(self.stop)
        deadline = time.monotonic() + START_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise ConversionError(
                    f"LibreOffice ปิดตัวลงระหว่างเริ่มทำงาน (LibreOffice exited while starting, "
                    f"status {self.process.returncode}; see {home / 'server.log'})"
                )
            if _answers(self.port):
                return
            time.sleep(0.2)
        self.stop()
        raise ConversionError("LibreOffice ไม่ตอบภายในเวลา (LibreOffice did not start in time)")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, 15)  # the server and the LibreOffice it started
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, 9)
        self.process = None

    def convert(self, docx: bytes) -> bytes:
        with self.lock:  # LibreOffice converts one document at a time anyway
            for attempt in (1, 2):
                self.ensure()
                try:
                    client = UnoClient(server="127.0.0.1", port=str(self.port))
                    return client.convert(indata=docx, convert_to="pdf", update_index=True)
                except (OSError, xmlrpc.client.Error) as exc:
                    if attempt == 2:
                        raise ConversionError(
                            f"LibreOffice แปลงเอกสารเป็น PDF ไม่ได้ (LibreOffice could not convert: {exc})"
                        ) from exc
        raise AssertionError("unreachable")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


_server: Server | None = None
_server_lock = threading.Lock()


def server() -> Server:
    global _server
    with _server_lock:
        if _server is None or _server.port != settings.LIBREOFFICE_PORT:
            _server = Server()
        return _server


def docx_to_pdf(docx: bytes) -> bytes:
    """The PDF of a Word file, laid out by LibreOffice (tables of contents brought up to date)."""
    return server().convert(docx)


def uno_python_works() -> bool:
    """Whether PRONGSAI_UNO_PYTHON can import LibreOffice's uno module (for `make` and checks)."""
    try:
        done = subprocess.run(
            [settings.UNO_PYTHON, "-c", "import uno"], capture_output=True, timeout=30
        )
    except OSError:
        return False
    return done.returncode == 0
