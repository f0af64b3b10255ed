"""A launchd plist read like plutil/plistlib read it: comments between a key and its value or
inside a <string>, and CDATA sections, are ordinary XML, not a type error of the value."""

from __future__ import annotations

import json
import plistlib
import subprocess
import sys

PLIST = """<?xml version="1.0" encoding="UTF-8"?>
<plist version="1.0">
<dict>
  <key>Label</key><string>x</string>
  <key>EnvironmentVariables</key>
  <dict>
    <key>GOPATH</key>
    <!-- where modules go -->
    <string>~/go<!-- home --></string>
    <key>GOFLAGS</key><string><![CDATA[-mod=mod]]></string>
    <key>GOBIN</key><string><![CDATA[~/bin]]></string>
    <key>CGO_ENABLED</key><integer>1</integer>
    <key>GOOS</key><string/>
  </dict>
</dict>
</plist>
"""


def test_comments_and_cdata_are_values_not_errors(tmp_path):
    p = tmp_path / "com.example.agent.plist"
    p.write_text(PLIST)
    env = plistlib.loads(PLIST.encode())["EnvironmentVariables"]
    assert env["GOPATH"] == "~/go" and env["GOFLAGS"] == "-mod=mod"  # what plistlib (and launchd) read
    r = subprocess.run([sys.executable, "-m", "goenv_ls", "--check", str(p), "--format", "json"],
                       capture_output=True, text=True)
    got = sorted((f["code"], f["line"], f["message"]) for f in json.loads(r.stdout))
    assert got == [
        ("GE001", 12, "`CGO_ENABLED` is a <integer>, not a <string>: launchd rejects the job"),  # a real one
        ("GE250", 9, "launchd does not expand `~`: `GOPATH` gets the text `~/go`"),
        ("GE250", 11, "launchd does not expand `~`: `GOBIN` gets the text `~/bin`"),
    ], r.stdout
