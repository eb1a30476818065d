#!/usr/bin/env python3
"""GNOME Shell's search reaches Lifeline: the real `lifeline
--gapplication-service` (as the Shell starts it, on a fresh home with the
starter knowledge base) answers org.gnome.Shell.SearchProvider2 at the path
its installed .ini names; "refund" lists the refund articles first, with
their titles; activating one opens the window showing that article (read
back through the accessibility tree, as a screen reader sees it).
Run by tests/ui-wrapper.sh (Xvfb and a session bus of its own)."""
import ast
import configparser
import glob
import os
import re
import subprocess
import sys
import unittest

sys.path.insert(0, os.path.dirname(__file__))
from lifelineclient import APP_ID, OBJECT_PATH, Client, gdbus_call  # noqa: E402

PROVIDER_PATH = OBJECT_PATH + '/SearchProvider'
IFACE = 'org.gnome.Shell.SearchProvider2'
ATSPI_FIND = os.path.join(os.path.dirname(__file__), 'atspi_find.py')


def starter_articles():
    """id → title of the bundled starter articles (their front matter)."""
    articles = {}
    for path in glob.glob(os.path.join(os.environ['LIFELINE_DATA_DIR'], 'kb', 'articles', '*.md')):
        with open(path, encoding='utf-8') as f:
            head = f.read(4096)
        i = re.search(r'^id:\s*(.+)$', head, re.M)
        t = re.search(r'^title:\s*(.+)$', head, re.M)
        if i and t:
            articles[i.group(1).strip()] = t.group(1).strip()
    return articles


def call(method, *args):
    return gdbus_call(f'{IFACE}.{method}', *args, object_path=PROVIDER_PATH)


def result_ids(out):
    """gdbus prints (['a', 'b'],) or (@as [],): Python literals once the
    type annotation is gone."""
    value = ast.literal_eval(out.replace('@as ', ''))
    return list(value[0])


def metas(ids):
    """GetResultMetas, as a list of {key: string}."""
    out = call('GetResultMetas', repr(ids))
    found = []
    for entry in re.findall(r'\{(.*?)\}(?=, \{|\],\))', out, re.S):
        meta = {}
        for key, value in re.findall(r"'(\w+)': <(\"(?:[^\"\\]|\\.)*\"|'(?:[^'\\]|\\.)*')>", entry):
            meta[key] = ast.literal_eval(value)
        found.append(meta)
    return found


class SearchProvider(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.articles = starter_articles()
        assert 'refund-policy' in cls.articles, 'the starter knowledge base has no refund-policy'

    def test_ini_names_this_provider(self):
        ini = configparser.ConfigParser()
        self.assertTrue(ini.read(os.environ['LIFELINE_SEARCH_PROVIDER_INI']))
        section = ini['Shell Search Provider']
        self.assertEqual(section['DesktopId'], APP_ID + '.desktop')
        self.assertEqual(section['BusName'], APP_ID)
        self.assertEqual(section['ObjectPath'], PROVIDER_PATH)
        self.assertEqual(section['Version'], '2')

    def test_search_metas_and_activate(self):
        with Client('--gapplication-service') as client:
            # The interface the Shell expects, where the .ini says.
            out = subprocess.run(['gdbus', 'introspect', '--session', '--dest', APP_ID,
                                  '--object-path', PROVIDER_PATH],
                                 capture_output=True, text=True, check=True).stdout
            self.assertIn(IFACE, out)

            # "refund": the refund articles, best first, articles only.
            ids = result_ids(call('GetInitialResultSet', "['refund']"))
            self.assertGreaterEqual(len(ids), 2, ids)
            self.assertLessEqual(len(ids), 10)
            self.assertEqual(len(set(ids)), len(ids))
            for i in ids:
                self.assertIn(i, self.articles, f'{i} is not an article')
            self.assertIn('refund', ids[0])
            self.assertIn('refund-policy', ids[:3])

            # Typing on narrows it: the Shell's subsearch.
            sub = result_ids(call('GetSubsearchResultSet', repr(ids), "['refund', 'timelines']"))
            self.assertEqual(sub[0], 'refund-timelines')

            # Nothing for nonsense or for no words; no error either.
            self.assertEqual(result_ids(call('GetInitialResultSet', "['zzqxjvw']")), [])
            self.assertEqual(call('GetInitialResultSet', '[]'), '(@as [],)')

            # Metas: the title as name, a plain-text description, the app icon.
            found = metas([ids[0], 'refund-policy'])
            self.assertEqual([m['id'] for m in found], [ids[0], 'refund-policy'])
            for meta in found:
                self.assertEqual(meta['name'], self.articles[meta['id']])
                self.assertTrue(meta['description'])
                self.assertNotRegex(meta['description'], '[\x02\x03]')
                self.assertEqual(meta['gicon'], APP_ID)
            # An id that is not there (deleted since) is left out, not an error.
            self.assertEqual(metas(['no-such-article']), [])

            # Activating a result opens the window on that article.
            self.assertEqual(call('ActivateResult', 'refund-policy', "['refund']", '0'), '()')
            shown = subprocess.run(['/usr/bin/python3', ATSPI_FIND, 'lifeline',
                                    self.articles['refund-policy'], '20'],
                                   capture_output=True, text=True)
            self.assertEqual(shown.returncode, 0, shown.stderr)

            client.quit()

    def test_launch_search(self):
        with Client('--gapplication-service') as client:
            self.assertEqual(call('LaunchSearch', "['late', 'payment']", '0'), '()')
            # The window shows the search with its results.
            shown = subprocess.run(['/usr/bin/python3', ATSPI_FIND, 'lifeline',
                                    self.articles['late-payment-fees'], '20'],
                                   capture_output=True, text=True)
            self.assertEqual(shown.returncode, 0, shown.stderr)
            client.quit()


if __name__ == '__main__':
    unittest.main(verbosity=2)
