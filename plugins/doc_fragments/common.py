# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type


class ModuleDocFragment(object):
    # What every module of the collection shares: its authors, and check mode and diff mode stated once.
    # A module adds its own `details` and overrides `support` where it differs (the report modules
    # have no diff mode).
    DOCUMENTATION = r"""
author:
  - genesyscloud.routing maintainers (@genesyscloud-routing)
attributes:
  check_mode:
    description: Can run in check_mode and return changed status prediction without modifying target.
    support: full
  diff_mode:
    description: Will return details on what has changed (or possibly needs changing in check_mode), when in diff mode.
    support: full
"""
