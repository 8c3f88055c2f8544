# -*- coding: utf-8 -*-
# Copyright: (c) 2025, genesyscloud.routing contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type


class ModuleDocFragment(object):
    # Connection options of every module. Keep in step with AUTH_OPTIONS in
    # plugins/module_utils/module_client.py (tests/unit/module_utils/test_auth_docs.py checks it).
    DOCUMENTATION = r"""
requirements:
  - requests
notes:
  - The modules that talk to the platform form the action group C(genesyscloud.routing.genesys), so the
    connection options can be given once for a play or a block with C(module_defaults); the first example
    of M(genesyscloud.routing.genesys_queue) shows how.
  - A request the platform refuses for a missing permission (403) fails the task with the name of the
    permission; the permissions each module needs are listed in its description.
options:
  client_id:
    description:
      - Client ID of a Genesys Cloud OAuth client that uses the Client Credentials grant.
      - Used with O(client_secret) when O(access_token) is not set.
      - If not set, the environment variable E(GENESYSCLOUD_OAUTHCLIENT_ID) is used.
    type: str
  client_secret:
    description:
      - Secret of the OAuth client named by O(client_id).
      - The value is C(no_log) and never appears in output or error messages.
      - If not set, the environment variable E(GENESYSCLOUD_OAUTHCLIENT_SECRET) is used.
    type: str
  access_token:
    description:
      - An existing OAuth access token, used as is instead of O(client_id) and O(client_secret).
      - Takes precedence over O(client_id) and O(client_secret). It is never cached and cannot be
        renewed, so a rejected token fails the task.
      - The value is C(no_log) and never appears in output or error messages.
      - If not set, the environment variable E(GENESYSCLOUD_ACCESS_TOKEN) is used.
    type: str
  region:
    description:
      - Genesys Cloud region of the organization, for example V(us-east-1), V(eu-west-1) or
        V(ap-southeast-2). The underscore form (V(eu_west_1)) and the API host (V(api.mypurecloud.ie)
        or V(mypurecloud.ie)) are accepted too.
      - Known regions are us-east-1, us-east-2, us-west-2, ca-central-1, sa-east-1, mx-central-1,
        eu-west-1, eu-west-2, eu-central-1, eu-central-2, eusc-de-east-1, me-central-1, ap-south-1,
        ap-southeast-1, ap-southeast-2, ap-northeast-1, ap-northeast-2 and ap-northeast-3.
      - Defaults to V(us-east-1), like the Genesys Cloud Terraform provider. Tokens are requested from
        the region's login host, so a wrong region shows up as an authentication error.
      - Ignored when O(api_url) is set.
      - If not set, the environment variable E(GENESYSCLOUD_REGION) is used.
    type: str
    default: us-east-1
  api_url:
    description:
      - Base URL of the Platform API, for example V(https://api.mypurecloud.ie). Overrides O(region).
      - For a host C(api.<domain>) tokens come from C(login.<domain>); any other host must serve
        C(/oauth/token) itself (as the local emulator does).
      - Plain C(http://) is accepted only for loopback hosts (127.0.0.0/8, ::1, localhost).
      - If not set, the environment variable E(GENESYSCLOUD_API_URL) is used.
    type: str
  validate_certs:
    description:
      - Verify the TLS certificates of the API and login hosts.
      - Set to V(false) only for testing; the module then warns.
    type: bool
    default: true
  ca_path:
    description:
      - Path of a PEM CA bundle used to verify the API and login certificates, in place of the
        system trust store.
    type: path
  token_cache:
    description:
      - Keep the OAuth token in a file under O(token_cache_dir) so that later tasks reuse it until
        60 seconds before it expires, instead of each task requesting a new token.
      - Not used with O(access_token).
    type: bool
    default: true
  token_cache_dir:
    description:
      - Directory of the token cache. It is created with mode 0700 and holds one file (mode 0600)
        per OAuth client, client secret and login host, named by a hash keyed with the secret (HMAC),
        so a changed or wrong secret never reuses a token cached under another; the client secret is
        never stored. Files of tokens that have expired are removed when a new token is stored.
      - Wider permissions are restricted with a warning; a directory or file owned by another user
        is refused.
      - If not set, the environment variable E(GENESYSCLOUD_TOKEN_CACHE_DIR) is used.
    type: path
    default: ~/.cache/genesyscloud-routing
  max_retries:
    description:
      - How many times a request is retried after a connection failure, a timeout or a 500, 502, 503 or
        504 answer. The first retry follows at once, later ones after 0.5 s doubling up to 10 s, plus
        up to 0.5 s of random jitter. A 503 with C(Retry-After) waits as long as the server asks,
        within O(retry_max_wait).
      - A request that never reached the server (connection refused) is retried whatever its method;
        after it may have reached the server, only idempotent requests are retried. A create whose
        outcome is unknown is first looked up, and only sent again if the object does not exist.
    type: int
    default: 5
  retry_max_wait:
    description:
      - Longest total time, in seconds, one request may wait on C(Retry-After) answers to 429 (rate
        limited) and 503 responses before it fails. A C(Retry-After) that does not fit fails the request
        at once rather than asking the server again sooner than it said.
    type: int
    default: 120
  requests_per_minute:
    description:
      - Client-side pacing of API requests. The platform allows about 300 requests a minute per
        token. When not set, requests start at 270 a minute and then follow the token's real budget
        from the C(inin-ratelimit-*) response headers (a few requests kept in reserve), slowing down
        when other processes share the token.
      - When set, it is a hard cap; the headers can still slow the pace, never raise it.
      - If not set, the environment variable E(GENESYSCLOUD_REQUESTS_PER_MINUTE) is used.
    type: int
  token_pool_size:
    description:
      - How many OAuth tokens a task may use at once, from 1 to 20 (as the Genesys Cloud Terraform
        provider allows). The platform limits requests per token, so a pool lets a long run (bulk
        applies, exports, drift reports of large orgs) go up to that many times faster.
      - Each token is paced to its own C(inin-ratelimit-*) headers. A request uses the first token with
        a free slot, so a short task still uses one token; further tokens are fetched only when the
        ones in use would make a request wait. Each token is cached like the first.
      - The platform may also hold an organization-wide limit; a 429 from it is waited out as usual.
      - Ignored with O(access_token).
      - If not set, the environment variable E(GENESYSCLOUD_TOKEN_POOL_SIZE) is used.
    type: int
    default: 1
  timeout:
    description:
      - Timeout of each HTTP request, in seconds.
    type: int
    default: 30
"""
