"""`make docs`: the collection's documentation as a static site, the way published collections build theirs.

    .build/tools-venv/bin/python tools/build_docs.py TARBALL OUTPUT_DIR     -> OUTPUT_DIR/html/index.html

The built tarball is installed into OUTPUT_DIR/collections (what users install is what is documented),
`antsibull-docs sphinx-init` writes the Sphinx project, `antsibull-docs collection` renders the module,
filter and role pages from the collection's own DOCUMENTATION/EXAMPLES/RETURN and argument specs, and
Sphinx builds the HTML with warnings as errors.

Offline: the pages refer to a few sections of the Ansible documentation (return values common to all
modules, action plugins, configuration settings). Sphinx resolves such references through an
intersphinx inventory, normally downloaded; here a small one is written locally, so those links point
to docs.ansible.com as in any published collection's site, and a reference to anything else fails.
"""
import os
import shutil
import subprocess
import sys
import zlib
from pathlib import Path

BIN = Path(sys.executable).parent
COLLECTION = 'genesyscloud.routing'
ANSIBLE_DOCS = 'https://docs.ansible.com/projects/ansible/devel/'
# label -> (page in the Ansible docs, title): the references antsibull-docs writes into the pages.
ANSIBLE_LABELS = {
    'ansible_configuration_settings': ('reference_appendices/config.html', 'Ansible Configuration Settings'),
    'action_plugins': ('plugins/action.html', 'Action plugins'),
    'common_return_values': ('reference_appendices/common_return_values.html', 'Return Values'),
}


def write_inventory(path):
    """A Sphinx objects.inv (version 2) holding ANSIBLE_LABELS."""
    lines = ''.join('%s std:label -1 %s#$ %s\n' % (label, page, title)
                    for label, (page, title) in sorted(ANSIBLE_LABELS.items()))
    header = ('# Sphinx inventory version 2\n# Project: Ansible\n# Version: devel\n'
              '# The remainder of this file is compressed using zlib.\n')
    path.write_bytes(header.encode() + zlib.compress(lines.encode()))


def run(command, **kwargs):
    print('+', ' '.join(str(part) for part in command), flush=True)
    subprocess.run([str(part) for part in command], check=True, **kwargs)


def main(argv):
    if len(argv) != 2:
        raise SystemExit('usage: build_docs.py TARBALL OUTPUT_DIR')
    tarball, out = Path(argv[0]).resolve(), Path(argv[1]).resolve()
    shutil.rmtree(out, ignore_errors=True)
    collections, project = out / 'collections', out / 'sphinx'
    env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=str(collections), PATH='%s:%s' % (BIN, os.environ['PATH']))
    run([BIN / 'ansible-galaxy', 'collection', 'install', '--offline', '-p', collections, tarball], env=env,
        stdout=subprocess.DEVNULL)
    project.mkdir(parents=True)
    run([BIN / 'antsibull-docs', 'sphinx-init', '--use-current', '--squash-hierarchy', '--fail-on-error',
         '--dest-dir', project, '--project', COLLECTION, '--copyright', 'genesyscloud.routing maintainers',
         '--title', 'genesyscloud.routing', COLLECTION], env=env, stdout=subprocess.DEVNULL)
    inventory = out / 'ansible_devel.inv'
    write_inventory(inventory)
    conf = project / 'conf.py'
    conf.write_text(conf.read_text() + '\n# Offline: only the Ansible docs, from the local inventory.\n'
                    'intersphinx_mapping = {%r: (%r, %r)}\n' % ('ansible_devel', ANSIBLE_DOCS, str(inventory))
                    # The theme's home link is docs.ansible.com's root ("/"); here it is this site's index.
                    + "html_theme_options = {'documentation_home_url': 'index.html'}\n")
    rst = project / 'rst'
    rst.chmod(0o755)  # antsibull-docs wants it writable by itself only
    run([BIN / 'antsibull-docs', '--config-file', project / 'antsibull-docs.cfg', 'collection', '--cleanup',
         'everything', '--fail-on-error', '--use-current', '--squash-hierarchy', '--dest-dir', rst, COLLECTION],
        env=env)
    run([BIN / 'sphinx-build', '-q', '-b', 'html', '-W', '--keep-going', '-c', project, rst, out / 'html'], env=env)
    print('documentation site: %s' % (out / 'html' / 'index.html'))
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
