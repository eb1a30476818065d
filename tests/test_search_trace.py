#!/usr/bin/env python3
"""LIFELINE_TRACE=1: the real `lifeline`, typed into with xdotool as a person
types, prints `trace: first-frame ms=…` once and, for every search,
`trace: search q="…" results=N model-ms=X frame-ms=Y` (issue 3), flushed as
it happens. Enter opens the first result and Escape goes back, then clears
the entry (which searches the empty query again). Run by tests/ui-wrapper.sh
(Xvfb and a session bus of its own, a fresh XDG home)."""
import os
import re
import subprocess
import sys
import unittest

sys.path.insert(0, os.path.dirname(__file__))
from lifelineclient import Client, wait_for  # noqa: E402

FIRST_FRAME = re.compile(r'^trace: first-frame ms=(\d+\.\d)$', re.M)
SEARCH = re.compile(r'^trace: search q="((?:[^"\\]|\\.)*)" results=(\d+) '
                    r'model-ms=(\d+\.\d) frame-ms=(\d+\.\d)$', re.M)


def searches(client):
    return [(m.group(1), int(m.group(2)), float(m.group(3)), float(m.group(4)))
            for m in SEARCH.finditer(client.read_stderr())]


def xdotool(*args):
    subprocess.run(['xdotool'] + list(args), check=True, timeout=30)


class SearchTrace(unittest.TestCase):
    def test_trace_lines_while_typing(self):
        os.environ['LIFELINE_TRACE'] = '1'
        with Client() as client:
            wid = subprocess.run(['xdotool', 'search', '--sync', '--onlyvisible', '--name', '^Lifeline$'],
                                 capture_output=True, text=True, timeout=30, check=True).stdout.split()[0]

            first = wait_for(lambda: FIRST_FRAME.search(client.read_stderr()), timeout=20,
                             what='the first-frame trace line')
            self.assertGreater(float(first.group(1)), 0)
            # The start view is a search too (the empty query), once the
            # starter knowledge base is in.
            wait_for(lambda: any(q == '' and n > 0 for q, n, _, _ in searches(client)), timeout=20,
                     what='the start view')

            xdotool('windowfocus', '--sync', wid, 'type', '--delay', '30', 'refund')
            refund = wait_for(lambda: [s for s in searches(client) if s[0] == 'refund'], timeout=20,
                              what='the trace line of q="refund"')[-1]
            _, results, model_ms, frame_ms = refund
            self.assertGreater(results, 0)
            self.assertGreater(model_ms, 0)
            self.assertGreaterEqual(frame_ms, model_ms)
            # Every keystroke searched: each prefix as it was typed, in order.
            typed = [q for q, _, _, _ in searches(client) if q]
            self.assertEqual(typed[-1], 'refund')
            self.assertTrue(set(typed) <= {'r', 're', 'ref', 'refu', 'refun', 'refund'}, typed)

            # Enter opens, Escape comes back (no search), Escape clears (the
            # empty query searches again).
            count = len(searches(client))
            xdotool('windowfocus', '--sync', wid, 'key', 'Return', 'Escape', 'Escape')
            wait_for(lambda: len(searches(client)) > count and searches(client)[-1][0] == '', timeout=20,
                     what='the empty search after Escape cleared the entry')

            # Quotes in a query stay readable for outside tools.
            xdotool('windowfocus', '--sync', wid, 'type', '--delay', '30', 'say "sorry"')
            wait_for(lambda: any(q == 'say \\"sorry\\"' for q, _, _, _ in searches(client)), timeout=20,
                     what='the trace line of a query with quotes')

            err = client.quit()
            self.assertNotIn('CRITICAL', err)
            for domain in ('lifeline-search', 'lifeline-article', 'lifeline-markdown'):
                self.assertNotIn(f'{domain}-WARNING', err)


if __name__ == '__main__':
    unittest.main(verbosity=2)
