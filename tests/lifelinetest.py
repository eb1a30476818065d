"""Shared helpers for the black-box tests: run the real binaries, talk real
HTTP on loopback. Standard library only."""
import json
import os
import re
import signal
import subprocess
import tempfile
import time
import urllib.error
import urllib.request

SERVER = os.environ.get('LIFELINE_SERVER', 'lifeline-server')
KB = os.environ.get('LIFELINE_KB', 'lifeline-kb')


class Server:
    """The real lifeline-server on 127.0.0.1, on a port it picks itself."""

    def __init__(self, db=None, extra_args=()):
        self.tmp = tempfile.TemporaryDirectory(prefix='lifeline-server-test-')
        self.db = db or os.path.join(self.tmp.name, 'server.db')
        self.extra_args = list(extra_args)
        self.proc = None
        self.url = None

    def start(self, timeout=10):
        self.proc = subprocess.Popen(
            [SERVER, 'serve', '--address', '127.0.0.1', '--port', '0', '--db', self.db] + self.extra_args,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            line = self.proc.stdout.readline()
            if not line:
                break
            m = re.search(r'(https?://\S+?)/?\s', line + ' ')
            if m:
                self.url = m.group(1).rstrip('/')
                return self
        err = self.proc.stderr.read() if self.proc.poll() is not None else ''
        raise RuntimeError(f'lifeline-server did not print its URL: {err}')

    def stop(self, sig=signal.SIGTERM, timeout=10):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(sig)
            self.proc.wait(timeout)
        return self.proc.returncode if self.proc else None

    def admin(self, *args):
        """Runs an admin command (`lifeline-server user add …`) on this database."""
        return subprocess.run([SERVER] + list(args) + ['--db', self.db],
                              capture_output=True, text=True, timeout=30)

    def request(self, method, path, body=None, token=None, headers=None, raw=None):
        """Returns (status, headers, parsed JSON or raw text)."""
        data = raw
        hdrs = dict(headers or {})
        if body is not None:
            data = json.dumps(body).encode('utf-8')
            hdrs.setdefault('Content-Type', 'application/json')
        if token:
            hdrs['Authorization'] = f'Bearer {token}'
        req = urllib.request.Request(self.url + path, data=data, method=method, headers=hdrs)
        try:
            with urllib.request.urlopen(req, timeout=30) as resp:
                return resp.status, resp.headers, _decode(resp.read())
        except urllib.error.HTTPError as e:
            return e.code, e.headers, _decode(e.read())

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()
        self.tmp.cleanup()


def _decode(raw):
    text = raw.decode('utf-8', errors='replace')
    try:
        return json.loads(text)
    except ValueError:
        return text
