"""`make changelog-lint` (after antsibull-changelog lint): the version in galaxy.yml follows the
fragments waiting to be released (semantic versioning, as collections version their interface).

    .venv/bin/python tools/check_release.py

A fragment is pending when no release in changelogs/changelog.yaml lists it (fragments are kept).
With pending fragments the version must be above the last release, by at least:
  major  for breaking_changes or removed_features (minor while the major version is 0),
  minor  for major_changes, minor_changes or deprecated_features (new interface),
  patch  for anything else (bugfixes, security_fixes, known_issues, trivial).
Without pending fragments it must be the last release. `make release` writes the release section.
"""
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
BREAKING = ('breaking_changes', 'removed_features')
NEW_INTERFACE = ('major_changes', 'minor_changes', 'deprecated_features')


def version_tuple(text):
    return tuple(int(part) for part in str(text).split('.'))


def needed_bump(sections, last):
    if sections & set(BREAKING):
        return 'major' if last[0] >= 1 else 'minor'
    if sections & set(NEW_INTERFACE):
        return 'minor'
    return 'patch'


def bump_of(last, new):
    if new[0] > last[0]:
        return 'major'
    if new[0] == last[0] and new[1] > last[1]:
        return 'minor'
    if new[:2] == last[:2] and new[2] > last[2]:
        return 'patch'
    return None


def main():
    version = version_tuple(yaml.safe_load((ROOT / 'galaxy.yml').read_text())['version'])
    changes = yaml.safe_load((ROOT / 'changelogs' / 'changelog.yaml').read_text())
    releases = changes.get('releases') or {}
    released = set(name for release in releases.values() for name in release.get('fragments', []))
    pending = {}
    for fragment in sorted((ROOT / 'changelogs' / 'fragments').glob('*.y*ml')):
        if fragment.name not in released:
            pending[fragment.name] = set((yaml.safe_load(fragment.read_text()) or {}).keys())
    shown = '.'.join(map(str, version))
    if not releases:
        print('no release yet; version %s' % shown)
        return 0
    last = max((version_tuple(name) for name in releases))
    last_shown = '.'.join(map(str, last))
    if not pending:
        if version != last:
            print('galaxy.yml says %s but nothing is pending since the last release %s' % (shown, last_shown))
            return 1
        print('version %s: released, no pending fragment' % shown)
        return 0
    sections = set().union(*pending.values())
    needed, made = needed_bump(sections, last), bump_of(last, version)
    order = ['patch', 'minor', 'major']
    if made is None or order.index(made) < order.index(needed):
        print('galaxy.yml says %s; the pending fragments (%s: %s) need a %s bump over %s'
              % (shown, ', '.join(sorted(pending)), ', '.join(sorted(sections)), needed, last_shown))
        return 1
    print('version %s: a %s bump over %s for %d pending fragment(s)' % (shown, made, last_shown, len(pending)))
    return 0


if __name__ == '__main__':
    sys.exit(main())
