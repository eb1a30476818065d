"""Shared helpers for the black-box tests: run the real binaries, talk real
HTTP on loopback. Standard library only."""
import json
import os
import re
import signal
import sqlite3
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
import uuid

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
        if self.proc and self.proc.stdout and not self.proc.stdout.closed:
            # Collects what it printed, and closes the pipes.
            out, err = self.proc.communicate(timeout=timeout)
            self._output = (out or '') + (err or '')
        return self.proc.returncode if self.proc else None

    def admin(self, *args):
        """Runs an admin command (`lifeline-server user add …`) on this database."""
        return subprocess.run([SERVER] + list(args) + ['--db', self.db],
                              capture_output=True, text=True, timeout=30)

    def request(self, method, path, body=None, token=None, headers=None, raw=None, context=None):
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
            with urllib.request.urlopen(req, timeout=30, context=context) as resp:
                return resp.status, resp.headers, _decode(resp.read())
        except urllib.error.HTTPError as e:
            return e.code, e.headers, _decode(e.read())

    def add_user(self, name, role):
        """`lifeline-server user add NAME --role ROLE`; returns the printed token."""
        result = self.admin('user', 'add', name, '--role', role)
        if result.returncode != 0:
            raise RuntimeError(f'user add failed: {result.stderr}')
        return result.stdout.strip()

    def query(self, sql, params=()):
        """Reads the server's database file directly (as an administrator would)."""
        db = sqlite3.connect(f'file:{self.db}?mode=ro', uri=True)
        try:
            return db.execute(sql, params).fetchall()
        finally:
            db.close()

    def output(self):
        """Everything the stopped server printed on stdout and stderr."""
        return getattr(self, '_output', '')

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()
        self.tmp.cleanup()


def report(**fields):
    """A report in PRODUCT.md's wire format, with a fresh UUID unless given."""
    body = {
        'id': str(uuid.uuid4()), 'revision': 1, 'created_at': '2026-11-23T14:01:07Z',
        'category': None, 'root_cause': None, 'near_miss': False, 'confidential': False,
        'note': '', 'article_id': None, 'call_id': None, 'recovery': None,
    }
    body.update(fields)
    return body


def _decode(raw):
    text = raw.decode('utf-8', errors='replace')
    try:
        return json.loads(text)
    except ValueError:
        return text
