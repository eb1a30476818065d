#!/usr/bin/env python3
"""The softphone hooks reach the running Lifeline: `lifeline --call-start ID
--caller NAME --reason TEXT` and `lifeline --call-end` run as a second
process, and the D-Bus call of docs/integration.md, change the running
instance's call (read back through org.gtk.Actions.Describe of the read-only
action app.current-call). With nothing running, --call-start starts Lifeline.
Run by tests/ui-wrapper.sh (Xvfb and a session bus of its own)."""
import os
import subprocess
import sys
import time
import unittest

sys.path.insert(0, os.path.dirname(__file__))
from lifelineclient import (  # noqa: E402
    APP_ID, CLIENT, Client, action_state, gdbus_call, name_owned, run_client, wait_for)


def wait_for_call(expected):
    return wait_for(lambda: action_state('current-call') == expected, timeout=10,
                    what=f'app.current-call to be {expected!r}')


class CallHooks(unittest.TestCase):
    def test_command_line_reaches_running_instance(self):
        with Client() as client:
            self.assertEqual(action_state('current-call'), '')

            started = time.monotonic()
            second = run_client('--call-start', 'C-42', '--caller', 'Ana', '--reason', 'refund')
            self.assertEqual(second.returncode, 0, second.stderr)
            # The second process hands over and leaves; it does not wait for
            # the window or become an instance of its own.
            self.assertLess(time.monotonic() - started, 10)
            wait_for_call('C-42')

            second = run_client('--call-end')
            self.assertEqual(second.returncode, 0, second.stderr)
            wait_for_call('')

            # Mistakes in the hook's command line are explained, and change nothing.
            run_client('--call-start', 'C-43')
            wait_for_call('C-43')
            bad = run_client('--caller', 'Ana')
            self.assertEqual(bad.returncode, 1)
            self.assertIn('--call-start', bad.stderr)
            bad = run_client('--call-start', 'C-44', '--call-end')
            self.assertEqual(bad.returncode, 1)
            self.assertIn('not both', bad.stderr)
            bad = run_client('--call-start', '')
            self.assertEqual(bad.returncode, 1)
            self.assertEqual(action_state('current-call'), 'C-43')
            run_client('--call-end')
            wait_for_call('')

            client.quit()

    def test_dbus_activate_action(self):
        with Client('--gapplication-service') as client:
            # Exactly the call docs/integration.md shows.
            out = gdbus_call('org.gtk.Actions.Activate', 'call-start',
                             "[<('CALL-123', 'Ana Ruiz', 'refund')>]", '{}')
            self.assertEqual(out, '()')
            wait_for_call('CALL-123')

            # The state is read-only from outside.
            # (GApplication applies SetState before it replies, so no wait.)
            gdbus_call('org.gtk.Actions.SetState', 'current-call', "<'forged'>", '{}', check=False)
            self.assertEqual(action_state('current-call'), 'CALL-123')

            gdbus_call('org.gtk.Actions.Activate', 'call-end', '[]', '{}')
            wait_for_call('')
            client.quit()

    def test_dbus_activation_starts_lifeline(self):
        # As when installed: the session bus knows how to start Lifeline
        # (the .service file of data/, pointed at this build), and the
        # documented gdbus call starts it in that call.
        services = os.path.join(os.environ['XDG_DATA_HOME'], 'dbus-1', 'services')
        os.makedirs(services, exist_ok=True)
        service = os.path.join(services, f'{APP_ID}.service')
        with open(service, 'w') as f:
            f.write(f'[D-BUS Service]\nName={APP_ID}\nExec={CLIENT} --gapplication-service\n')
        try:
            subprocess.run(['gdbus', 'call', '--session', '--dest', 'org.freedesktop.DBus',
                            '--object-path', '/org/freedesktop/DBus', '--method',
                            'org.freedesktop.DBus.ReloadConfig'], check=True, capture_output=True)
            self.assertFalse(name_owned())
            out = gdbus_call('org.gtk.Actions.Activate', 'call-start',
                             "[<('CALL-123', 'Ana Ruiz', 'refund')>]", '{}')
            self.assertEqual(out, '()')
            self.assertTrue(name_owned())
            wait_for_call('CALL-123')
            gdbus_call('org.gtk.Actions.Activate', 'quit', '[]', '{}', check=False)
            wait_for(lambda: not name_owned(), what='the activated Lifeline to quit')
        finally:
            os.unlink(service)

    def test_call_start_starts_lifeline(self):
        # Nothing runs: --call-end has nothing to tell and does not stay.
        ended = run_client('--call-end')
        self.assertEqual(ended.returncode, 0, ended.stderr)
        self.assertFalse(name_owned())

        # --call-start starts Lifeline, in that call, and keeps it running.
        client = Client('--call-start', 'C-7', '--caller', 'Bo', '--reason', 'router lights')
        with client:
            wait_for_call('C-7')
            self.assertIsNone(client.proc.poll())
            run_client('--call-end')
            wait_for_call('')
            client.quit()


if __name__ == '__main__':
    unittest.main(verbosity=2)
