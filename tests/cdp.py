"""A minimal Chrome DevTools Protocol client over ``--remote-debugging-pipe`` (no extra package): headless
Chromium is driven with real key presses and mouse clicks, emulated screens, print media and vision
deficiencies, and asked for screenshots and PDFs. Used by tests/test_html_browser.py."""

from __future__ import annotations

import base64
import contextlib
import json
import os
import select
import shutil
import subprocess
import zlib
from pathlib import Path
from typing import Any

import pytest

KEYS: dict[str, tuple[int, str]] = {
    "Tab": (9, ""), "Enter": (13, "\r"), " ": (32, " "), "ArrowLeft": (37, ""), "ArrowUp": (38, ""),
    "ArrowRight": (39, ""), "ArrowDown": (40, ""), "Home": (36, ""), "End": (35, ""),
}


def chromium() -> str:
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    pytest.fail("headless Chromium is needed (Debian: apt-get install chromium; .ci/run installs it)")


class Browser:
    """One headless Chromium with one page, driven over a pipe (commands on fd 3, answers on fd 4)."""

    def __init__(self, profile_dir: Path) -> None:
        to_chrome_r, self._out = os.pipe()
        self._in, from_chrome_w = os.pipe()

        def wire() -> None:  # in the child: the pipe ends become fds 3 and 4, as Chromium expects
            a, b = os.dup(to_chrome_r), os.dup(from_chrome_w)
            os.dup2(a, 3)
            os.dup2(b, 4)

        self.process = subprocess.Popen(
            [chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-sync",
             "--disable-background-networking", "--disable-component-update", "--disable-dev-shm-usage",
             "--hide-scrollbars", "--remote-debugging-pipe", f"--user-data-dir={profile_dir}", "about:blank"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            preexec_fn=wire, close_fds=False)
        os.close(to_chrome_r)
        os.close(from_chrome_w)
        self._buffer = b""
        self._next = 0
        self.events: list[dict[str, Any]] = []
        target = self.call("Target.createTarget", url="about:blank")["targetId"]
        self.session = self.call("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
        self.send("Page.enable")
        self.send("Runtime.enable")

    # ------------------------------------------------------------------ protocol
    def _message(self) -> dict[str, Any]:
        while b"\0" not in self._buffer:
            ready, _, _ = select.select([self._in], [], [], 120)
            if not ready:
                raise RuntimeError("Chromium did not answer within 120 s")
            chunk = os.read(self._in, 1 << 20)
            if not chunk:
                raise RuntimeError("Chromium closed the pipe")
            self._buffer += chunk
        raw, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(raw)  # type: ignore[no-any-return]

    def call(self, method: str, session: str | None = None, **params: Any) -> dict[str, Any]:
        self._next += 1
        ident = self._next
        message: dict[str, Any] = {"id": ident, "method": method, "params": params}
        if session:
            message["sessionId"] = session
        os.write(self._out, json.dumps(message).encode() + b"\0")
        while True:
            answer = self._message()
            if answer.get("id") == ident:
                if "error" in answer:
                    raise RuntimeError(f"{method}: {answer['error']}")
                return answer.get("result", {})  # type: ignore[no-any-return]
            self.events.append(answer)

    def send(self, method: str, **params: Any) -> dict[str, Any]:
        return self.call(method, self.session, **params)

    def wait_event(self, method: str) -> dict[str, Any]:
        for i, event in enumerate(self.events):
            if event.get("method") == method:
                return self.events.pop(i)
        while True:
            event = self._message()
            if event.get("method") == method:
                return event
            self.events.append(event)

    # ------------------------------------------------------------------ page
    def open(self, url: str) -> None:
        self.events.clear()
        self.send("Page.navigate", url="about:blank")  # so that a link to the same page loads it anew
        self.wait_event("Page.loadEventFired")
        self.send("Page.navigate", url=url)
        self.wait_event("Page.loadEventFired")
        assert self.js("document.getElementById('matrix') ? document.getElementById('matrix').dataset.ready : "
                       "'no matrix'") == "1", "the page's script did not run"

    def js(self, expression: str) -> Any:
        result = self.send("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in result:
            raise RuntimeError(f"{expression}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def viewport(self, width: int, height: int, mobile: bool = False) -> None:
        self.send("Emulation.setDeviceMetricsOverride", width=width, height=height, deviceScaleFactor=1,
                  mobile=mobile)

    def key(self, key: str) -> None:
        code, text = KEYS[key]
        down: dict[str, Any] = {"type": "keyDown" if text else "rawKeyDown", "key": key, "windowsVirtualKeyCode": code,
                                "code": "Space" if key == " " else key}
        if text:
            down["text"] = text
        self.send("Input.dispatchKeyEvent", **down)
        self.send("Input.dispatchKeyEvent", type="keyUp", key=key, windowsVirtualKeyCode=code, code=down["code"])

    def type(self, text: str) -> None:
        self.send("Input.insertText", text=text)

    def click(self, selector: str) -> None:
        box = self.js(f"(function(){{var e=document.querySelector({json.dumps(selector)});e.scrollIntoView("
                      "{block:'center',inline:'center'});var r=e.getBoundingClientRect();"
                      "return [r.left+r.width/2,r.top+r.height/2];})()")
        for kind in ("mouseMoved", "mousePressed", "mouseReleased"):
            self.send("Input.dispatchMouseEvent", type=kind, x=box[0], y=box[1], button="left", clickCount=1)

    def pixel(self, x: float, y: float) -> tuple[int, int, int]:
        """The colour of one pixel of the page as shown (after any emulated vision deficiency)."""
        data = base64.b64decode(self.send("Page.captureScreenshot", format="png",
                                          clip={"x": x, "y": y, "width": 1, "height": 1, "scale": 1})["data"])
        return _png_pixel(data)

    def pdf(self) -> bytes:
        return base64.b64decode(self.send("Page.printToPDF", preferCSSPageSize=True, printBackground=True)["data"])

    def close(self) -> None:
        with contextlib.suppress(RuntimeError, OSError):
            self.call("Browser.close")
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        os.close(self._in)
        os.close(self._out)


def _png_pixel(data: bytes) -> tuple[int, int, int]:
    """The first pixel of an 8-bit RGB or RGBA PNG (a one-pixel row needs no unfiltering: every PNG filter
    of the first pixel of the first row adds zero)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    chunks, pos, colour_type = [], 8, 2
    while pos < len(data):
        length = int.from_bytes(data[pos:pos + 4], "big")
        kind = data[pos + 4:pos + 8]
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            assert body[8] == 8, "8 bits per channel expected"
            colour_type = body[9]
        elif kind == b"IDAT":
            chunks.append(body)
        pos += 12 + length
    assert colour_type in (2, 6)
    raw = zlib.decompress(b"".join(chunks))
    return raw[1], raw[2], raw[3]
