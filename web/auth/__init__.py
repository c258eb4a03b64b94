"""Who is calling and what they may do, by concern: the roles and the caller (`principal`), passwords and API
tokens (`credentials`), signed session cookies and CSRF (`sessions`), throttled sign-in (`throttle`), what each
route requires (`policy`) and who may read and write which collection (`access`).

A caller is one of: a signed-in user (session cookie), an API client (`Authorization: Bearer TOKEN`), the
`ragloop` command on this machine (the local token), or an anonymous visitor (who still gets a session cookie, so
forms carry a CSRF token and a change of mind replaces the visitor's rating).
"""

from web.auth.access import Access, access_for, checked_collection, grant, overview, restrict, revoke
from web.auth.credentials import (ACCOUNT_ACTIONS, add_user, change_account, hash_password, issue_token, load_secret,
                                  set_password, token_hash, verify_password)
from web.auth.policy import (PUBLIC_ROUTES, api_routes, check_route_policy, csrf_only, current_principal,
                             is_authenticated, require_admin, require_agent, require_chat, require_editor,
                             require_local_token, require_user, resolved_principal, route_table)
from web.auth.principal import ROLE_NAMES, Principal, Role, parse_role
from web.auth.sessions import (CSRF_FIELD, CSRF_HEADER, SESSION_COOKIE, SessionCookieMiddleware, Sessions, end_session,
                               start_session, user_session)
from web.auth.throttle import LoginThrottle, authenticate

__all__ = ["ACCOUNT_ACTIONS", "CSRF_FIELD", "CSRF_HEADER", "PUBLIC_ROUTES", "ROLE_NAMES", "SESSION_COOKIE", "Access",
           "LoginThrottle", "Principal", "Role", "SessionCookieMiddleware", "Sessions", "access_for", "add_user",
           "api_routes", "authenticate", "change_account", "check_route_policy", "checked_collection", "csrf_only",
           "current_principal", "end_session", "grant", "hash_password", "is_authenticated", "issue_token",
           "load_secret", "overview", "parse_role", "require_admin", "require_agent", "require_chat", "require_editor",
           "require_local_token", "require_user", "resolved_principal", "restrict", "revoke", "route_table",
           "set_password", "start_session", "token_hash", "user_session", "verify_password"]
