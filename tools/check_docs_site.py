"""Check the documentation site that tools/build_docs.py wrote (`make docs`).

    .venv/bin/python tools/check_docs_site.py .build/docs/html

1. Every module, filter and role of the collection has its page, and headless Chromium renders each
   page (the DOM after scripts ran) with the collection's name for the plugin in its title and, for a
   module, the sections a reader looks for: synopsis, parameters, examples and return values.
2. No broken internal link: every href/src of every page that stays inside the site names a file
   that exists and, with a #fragment, an element id on that page. Links leaving the site are counted,
   not followed (no network here).
"""
import shutil
import subprocess
import sys
import tempfile
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

ROOT = Path(__file__).resolve().parent.parent
COLLECTION = 'genesyscloud.routing'
MODULE_SECTIONS = ('Synopsis', 'Parameters', 'Examples', 'Return Values')


class Page(HTMLParser):
    """The ids, links and visible headings of one HTML document."""

    def __init__(self, text):
        super().__init__()
        self.ids, self.links, self.headings, self.title = set(), [], [], ''
        self._heading, self._in_title = None, False
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get('id'):
            self.ids.add(attrs['id'])
        if tag == 'a' and attrs.get('name'):
            self.ids.add(attrs['name'])
        for key in ('href', 'src'):
            if attrs.get(key) and not (tag == 'link' and attrs.get('rel') in ('canonical',)):
                self.links.append(attrs[key])
        if tag in ('h1', 'h2', 'h3'):
            self._heading = ''
        self._in_title = self._in_title or tag == 'title'

    def handle_endtag(self, tag):
        if tag in ('h1', 'h2', 'h3') and self._heading is not None:
            self.headings.append(' '.join(self._heading.replace('\uf0c1', '').split()))
            self._heading = None
        if tag == 'title':
            self._in_title = False

    def handle_data(self, data):
        if self._heading is not None:
            self._heading += data
        if self._in_title:
            self.title += data


def expected_pages():
    """page file -> (plugin full name, kind), from the collection's source."""
    pages = {}
    for module in sorted((ROOT / 'plugins' / 'modules').glob('*.py')):
        if module.stem != '__init__':
            pages['%s_module.html' % module.stem] = ('%s.%s' % (COLLECTION, module.stem), 'module')
    for doc in sorted((ROOT / 'plugins' / 'filter').glob('*.yml')):
        pages['%s_filter.html' % doc.stem] = ('%s.%s' % (COLLECTION, doc.stem), 'filter')
    for role in sorted((ROOT / 'roles').iterdir()):
        pages['%s_role.html' % role.name] = ('%s.%s' % (COLLECTION, role.name), 'role')
    return pages


def broken_links(site):
    parsed = {path: Page(path.read_text(encoding='utf-8')) for path in site.rglob('*.html')}
    broken, external = [], set()
    for path, page in sorted(parsed.items()):
        for link in page.links:
            parts = urlsplit(link)
            if parts.scheme or parts.netloc:
                if parts.scheme not in ('http', 'https', 'mailto'):
                    broken.append('%s: %s (scheme)' % (path.relative_to(site), link))
                external.add(link)
                continue
            target = (path.parent / unquote(parts.path)).resolve() if parts.path else path
            if target.is_dir():
                target = target / 'index.html'
            if not target.is_file() or site.resolve() not in target.parents:
                broken.append('%s: %s (no such file)' % (path.relative_to(site), link))
            elif parts.fragment and target.suffix == '.html':
                if unquote(parts.fragment) not in parsed[target if target in parsed else path].ids:
                    broken.append('%s: %s (no such anchor)' % (path.relative_to(site), link))
    return parsed, broken, external


def rendered(chromium, page, profile):
    command = [chromium, '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
               '--disable-component-update', '--disable-sync', '--no-first-run', '--user-data-dir=%s' % profile,
               '--dump-dom', page.as_uri()]
    completed = subprocess.run(command, capture_output=True, text=True, timeout=120)
    if completed.returncode != 0:
        return None, completed.stderr[-500:]
    return Page(completed.stdout), ''


def main(argv):
    if len(argv) != 1:
        raise SystemExit('usage: check_docs_site.py SITE_DIR')
    site = Path(argv[0]).resolve()
    chromium = shutil.which('chromium') or shutil.which('chromium-browser')
    if not chromium:
        raise SystemExit('chromium is not installed (Debian package chromium; `make browser` installs it)')
    problems = []
    parsed, broken, external = broken_links(site)
    problems.extend('broken link: %s' % item for item in broken)
    pages = expected_pages()
    with tempfile.TemporaryDirectory(prefix='docs-chromium-') as profile:
        for name, (plugin, kind) in sorted(pages.items()):
            path = site / name
            if not path.is_file():
                problems.append('%s %s has no page (%s)' % (kind, plugin, name))
                continue
            page, error = rendered(chromium, path, profile)
            if page is None:
                problems.append('%s: Chromium failed: %s' % (name, error))
                continue
            title = page.headings[0] if page.headings else ''
            if plugin not in title:
                problems.append('%s: first heading %r does not name %s' % (name, title, plugin))
            if kind == 'module':
                missing = [section for section in MODULE_SECTIONS if section not in page.headings]
                if missing:
                    problems.append('%s: rendered without %s' % (name, ', '.join(missing)))
    for problem in problems:
        print(problem)
    print('%d pages, %d plugin pages rendered in Chromium, %d internal links checked, %d broken, '
          '%d external links (not followed)' % (
              len(parsed), len(pages), sum(len(p.links) for p in parsed.values()) - len(external),
              len(broken), len(external)))
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
