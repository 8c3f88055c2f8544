# -*- coding: utf-8 -*-
# Copyright: (c) 2025, genesyscloud.routing contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Paging of list endpoints: page numbers or after/before cursors, as each operation pages.

``PagedReads`` is mixed into the client; it needs the client's ``request``, ``_split``
and ``operation_for``. Which endpoints use cursors and their largest page sizes are
declared in operations.py.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.genesyscloud.routing.plugins.module_utils.operations import is_cursor_paged, max_page_size


class PagedReads:
    """``iter_pages``, ``iter_cursor`` and ``list_all`` over the client's requests."""

    def iter_pages(self, path, params=None, page_size=None):
        """Yield each page envelope of a pageNumber-paged list.

        Stops at ``pageCount``, when ``nextUri`` is missing, on an empty page, or - for
        envelopes without pageCount such as queue members - on a short page.
        """
        path, query = self._split(path, params)
        operation = self.operation_for("GET", path)
        size = self._page_size(operation, page_size)
        query["pageSize"] = size
        number = int(query.get("pageNumber") or 1)
        while True:
            query["pageNumber"] = number
            page = self.request("GET", path, params=dict(query)) or {}
            yield page
            entities = page.get("entities") or []
            page_count = page.get("pageCount")
            if not entities or not page.get("nextUri"):
                return
            if isinstance(page_count, int) and not isinstance(page_count, bool):
                if number >= page_count:
                    return
            elif len(entities) < (page.get("pageSize") or size):
                return
            number += 1

    def iter_cursor(self, path, params=None, page_size=None):
        """Yield each page envelope of an after/before cursor-paged list, following nextUri."""
        path, query = self._split(path, params)
        operation = self.operation_for("GET", path)
        query["pageSize"] = self._page_size(operation, page_size)
        seen = set()
        while True:
            page = self.request("GET", path, params=dict(query)) or {}
            yield page
            next_uri = page.get("nextUri")
            if not next_uri or not page.get("entities"):
                return
            next_path, next_query = self._split(next_uri, None)
            cursor = next_query.get("after")
            if cursor:
                if cursor in seen:
                    return  # a server repeating a cursor would loop forever
                seen.add(cursor)
                query.pop("before", None)
                query["after"] = cursor
            else:
                marker = (next_path, tuple(sorted((k, str(v)) for k, v in next_query.items())))
                if marker in seen:
                    return
                seen.add(marker)
                next_query.setdefault("pageSize", query["pageSize"])
                path, query = next_path, next_query

    def list_all(self, path, params=None, page_size=None):
        """All entities of a list endpoint, using the paging style its operation has."""
        path, query = self._split(path, params)
        operation = self.operation_for("GET", path)
        pages = self.iter_cursor if is_cursor_paged(operation) else self.iter_pages
        entities = []
        for page in pages(path, query, page_size=page_size):
            entities.extend(page.get("entities") or [])
        return entities

    def _page_size(self, operation, requested):
        limit = max_page_size(operation)
        if requested is None:
            return limit
        return max(1, min(int(requested), limit))
