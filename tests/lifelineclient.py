"""Helpers for the black-box tests of the desktop client: run the real
`lifeline` inside the session bus and display that tests/ui-wrapper.sh made,
and talk to it over D-Bus with `gdbus`. Standard library only."""
import os
import re
import subprocess
import tempfile
import time

CLIENT = os.environ.get('LIFELINE_CLIENT', 'lifeline')
APP_ID = os.environ.get('LIFELINE_APP_ID', 'io.github.lifelinehq.Lifeline')
OBJECT_PATH = '/' + APP_ID.replace('.', '/')


def gdbus_call(method, *args, object_path=OBJECT_PATH, check=True, timeout=30):
    """Calls METHOD (interface.Method) on the client; returns gdbus's text."""
    proc = subprocess.run(
        ['gdbus', 'call', '--session', '--dest', APP_ID, '--object-path', object_path,
         '--method', method] + list(args),
        capture_output=True, text=True, timeout=timeout)
    if check and proc.returncode != 0:
        raise AssertionError(f'gdbus call {method} {args} failed: {proc.stderr.strip()}')
    return proc.stdout.strip() if proc.returncode == 0 else None


def action_state(name):
    """The state of app.NAME, read with org.gtk.Actions.Describe; None when
    the action has none."""
    out = gdbus_call('org.gtk.Actions.Describe', name)
    m = re.search(r"\[<(?:'([^']*)'|\"([^\"]*)\")>\]", out)
    if not m:
        return None
    return m.group(1) if m.group(1) is not None else m.group(2)


def wait_for(predicate, timeout=10, what='the condition'):
    """Polls PREDICATE until it returns a true value, which it returns."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f'timed out after {timeout} s waiting for {what}')
        time.sleep(0.05)


def name_owned():
    proc = subprocess.run(
        ['gdbus', 'call', '--session', '--dest', 'org.freedesktop.DBus',
         '--object-path', '/org/freedesktop/DBus', '--method',
         'org.freedesktop.DBus.NameHasOwner', APP_ID],
        capture_output=True, text=True, timeout=10)
    return proc.returncode == 0 and 'true' in proc.stdout


class Client:
    """The real `lifeline` with ARGS, as the primary instance."""

    def __init__(self, *args):
        self.args = list(args)
        self.proc = None
        # A file, not a pipe: a chatty client never blocks on a full pipe.
        self.stderr = tempfile.TemporaryFile(mode='w+')

    def start(self, timeout=20):
        assert not name_owned(), f'{APP_ID} already runs on this bus'
        self.proc = subprocess.Popen([CLIENT] + self.args, stdout=subprocess.DEVNULL,
                                     stderr=self.stderr)
        deadline = time.monotonic() + timeout
        while not name_owned():
            if self.proc.poll() is not None:
                raise AssertionError(f'lifeline exited with {self.proc.returncode}: '
                                     f'{self.read_stderr()}')
            if time.monotonic() > deadline:
                raise AssertionError(f'lifeline did not take {APP_ID} on the bus in {timeout} s')
            time.sleep(0.05)
        return self

    def quit(self, timeout=20):
        """Quits through app.quit, as a person would; returns stderr. Fails
        when the client crashed or did not exit cleanly."""
        if self.proc.poll() is None:
            gdbus_call('org.gtk.Actions.Activate', 'quit', '[]', '{}', check=False)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
                raise AssertionError('lifeline did not quit on app.quit')
        err = self.read_stderr()
        assert self.proc.returncode == 0, f'lifeline exited with {self.proc.returncode}: {err}'
        assert 'CRITICAL' not in err, err
        return err

    def read_stderr(self):
        self.stderr.seek(0)
        return self.stderr.read()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        self.stderr.close()


def run_client(*args, timeout=20):
    """Runs `lifeline ARGS` to its end (a second instance, or a quick
    command); returns the CompletedProcess."""
    return subprocess.run([CLIENT] + list(args), capture_output=True, text=True, timeout=timeout)
