"""One settings module, read from the environment (see README, "Konfiguration")."""

import os
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


DEBUG = env_bool("DEBUG")
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "dev-only-not-secret"  # development value, refused above in production


def _list(value: str) -> list[str]:
    """A comma-separated setting from the environment, as a list without empty items."""
    return [item.strip() for item in value.split(",") if item.strip()]


ALLOWED_HOSTS = _list(os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost"))

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "django_filters",
    "simple_history",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "casework",  # before django_tasks_db: its db_worker command, with a beat, is the one run
    "django_tasks_db",
    "referrals",
    "rotlar",
    "motions",
    "meetings",
    "opendata",
    "archive",
    "accounts",
    "djangosaml2",
    "follows",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "casework.middleware.RequestSizeLimitMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "djangosaml2.middleware.SamlSessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "casework.middleware.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "casework.middleware.MethodNotAllowedPageMiddleware",  # inside CSP: its page gets the nonce
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "casework.context_processors.profile",
                "accounts.context_processors.sign_in_methods",
            ],
        },
    },
]

# SQLite under var/ is the embedded default; DATABASE_URL selects PostgreSQL.
if "DATABASE_URL" not in os.environ:
    (BASE_DIR / "var").mkdir(exist_ok=True)
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'var' / 'db.sqlite3'}",
        conn_max_age=600,
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Index lookups cost about as much as sequential reads on SSDs: without this the planner
    # counts search hits by scanning every case (22 ms instead of 8 ms on 100,000 cases).
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c random_page_cost=1.1"
    # Parameters bound by the server, so that psycopg prepares a statement run the fifth time on
    # a connection: a page's queries are then planned once per connection, not per request.
    # The plan kept is the generic one: left to choose (plan_cache_mode auto), PostgreSQL went on
    # planning the case list's seven-table query anew on every request (10 ms of planning for
    # 0.9 ms of execution; bench/pages.py). Queries run fewer than five times, and those without
    # prepared statements, are still planned with their values.
    # DB_PREPARED=false turns it off (a pooler in transaction mode that cannot keep them).
    if os.environ.get("DB_PREPARED", "true") != "false":
        DATABASES["default"]["OPTIONS"].update(
            server_side_binding=True,
            prepare_threshold=5,
            options=DATABASES["default"]["OPTIONS"]["options"]
            + " -c plan_cache_mode=force_generic_plan",
        )
elif DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The web server and the worker write at once: each transaction takes the write lock when it
    # begins (a transaction that reads, then writes, would otherwise fail at once with "database
    # is locked"), waits up to 20 s for it, and readers never wait for a writer (WAL).
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        transaction_mode="IMMEDIATE", timeout=20, init_command="PRAGMA journal_mode=WAL;"
    )
    # The indexes that carry columns for PostgreSQL's index-only scans are plain ones here.
    SILENCED_SYSTEM_CHECKS = ["models.W040"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # login throttling: refuses before the password is checked
    "django.contrib.auth.backends.ModelBackend",
    "accounts.saml.PersonBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("LOGIN_COOLOFF_HOURS", "0.25"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "casework.middleware.client_ip"
# How many reverse proxies stand in front of the app and append to X-Forwarded-For (README, "Drift").
TRUSTED_PROXIES = int(os.environ.get("TRUSTED_PROXIES", "1" if env_bool("HTTPS") else "0"))
# Password spraying: one address failing with this many different user names is refused for the
# cool-off time, whatever user name it tries next.
LOGIN_SPRAY_LIMIT = int(os.environ.get("LOGIN_SPRAY_LIMIT", "10"))
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_ENABLE_ADMIN = False  # casework.admin shows the attempts under a Swedish name
OTP_TOTP_ISSUER = "Motionsärenden"
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", str(8 * 3600)))  # a working day
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# --- Staff sign-in through the municipality's OpenID Connect provider (README, "Inloggning") ---
# Off unless OIDC_RP_CLIENT_ID is set; local passwords work either way (an administrator's
# emergency access). mozilla-django-oidc reads the OIDC_* names below.
OIDC_ENABLED = bool(os.environ.get("OIDC_RP_CLIENT_ID"))
OIDC_RP_CLIENT_ID = os.environ.get("OIDC_RP_CLIENT_ID", "")
OIDC_RP_CLIENT_SECRET = os.environ.get("OIDC_RP_CLIENT_SECRET", "")
OIDC_OP_ISSUER = os.environ.get("OIDC_OP_ISSUER", "")
OIDC_OP_AUTHORIZATION_ENDPOINT = os.environ.get("OIDC_OP_AUTHORIZATION_ENDPOINT", "")
OIDC_OP_TOKEN_ENDPOINT = os.environ.get("OIDC_OP_TOKEN_ENDPOINT", "")
OIDC_OP_USER_ENDPOINT = os.environ.get("OIDC_OP_USER_ENDPOINT", "")
OIDC_OP_JWKS_ENDPOINT = os.environ.get("OIDC_OP_JWKS_ENDPOINT", "")
OIDC_OP_LOGOUT_ENDPOINT = os.environ.get("OIDC_OP_LOGOUT_ENDPOINT", "")  # end_session_endpoint
OIDC_RP_SCOPES = os.environ.get("OIDC_RP_SCOPES", "openid email profile")
OIDC_RP_SIGN_ALGO = "RS256"
OIDC_USE_PKCE = True
OIDC_STORE_ID_TOKEN = True  # the id_token_hint of the logout at the provider
OIDC_TIMEOUT = 10
OIDC_AUTHENTICATION_CALLBACK_URL = "accounts:oidc_callback"
# The claim that names the person, and the field of their user account it is compared with.
OIDC_USER_CLAIM = os.environ.get("OIDC_USER_CLAIM", "email")
OIDC_USER_FIELD = os.environ.get("OIDC_USER_FIELD", "email")
# Roles from the provider: the claim ("groups", "roles") and "value=role, ..." pairs; unset, the
# roles are those an administrator gives the account under /admin/.
OIDC_ROLES_CLAIM = os.environ.get("OIDC_ROLES_CLAIM", "")
OIDC_ROLE_MAP = os.environ.get("OIDC_ROLE_MAP", "")
# The ID token's `amr` values (RFC 8176) that mean the provider verified a second factor.
OIDC_SECOND_FACTOR_AMR = _list(os.environ.get("OIDC_SECOND_FACTOR_AMR", "mfa"))
if OIDC_ENABLED:
    _missing = [
        name
        for name in ("AUTHORIZATION", "TOKEN", "USER", "JWKS")
        if not os.environ.get(f"OIDC_OP_{name}_ENDPOINT")
    ]
    if _missing:
        raise ImproperlyConfigured(
            "OIDC_RP_CLIENT_ID is set but not "
            + ", ".join(f"OIDC_OP_{name}_ENDPOINT" for name in _missing)
        )
    AUTHENTICATION_BACKENDS.append("accounts.oidc.Backend")

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", "Svenska")]
TIME_ZONE = os.environ.get("TIME_ZONE", "Europe/Stockholm")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "var" / "static"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "var" / "media"))
# The certificate that signs justerade protokoll (PAdES): key.pem, certificate.pem and the
# issuers in chain.pem. `manage.py make_signing_certificate` makes a demo one (README, "Signering").
SIGNING_DIR = Path(os.environ.get("SIGNING_DIR", BASE_DIR / "var" / "signing"))
MEDIA_URL = "media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

mail_backend = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
MAILERS = {"default": {"BACKEND": mail_backend}}
if mail_backend == "django.core.mail.backends.smtp.EmailBackend":
    # The SMTP server, from the same variables Django has always read (README, "Konfiguration");
    # with MAILERS, Django's SMTP backend reads them only from OPTIONS.
    MAILERS["default"]["OPTIONS"] = {
        "host": os.environ.get("EMAIL_HOST", "localhost"),
        "port": int(os.environ["EMAIL_PORT"]) if os.environ.get("EMAIL_PORT") else None,
        "username": os.environ.get("EMAIL_HOST_USER") or None,
        "password": os.environ.get("EMAIL_HOST_PASSWORD") or None,
        "use_tls": env_bool("EMAIL_USE_TLS"),
        "use_ssl": env_bool("EMAIL_USE_SSL"),
        "timeout": int(os.environ.get("EMAIL_TIMEOUT", "30")),
    }
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "motionsarenden@example.org")
# The address mails link to (invitations, decisions, reminders); by default the development
# server's, on the port it runs on (`make run PORT=8001`).
SITE_URL = os.environ.get("SITE_URL", f"http://127.0.0.1:{os.environ.get('PORT', '8000')}")

# Every error reaches the log, with its traceback, also when DEBUG is off (gunicorn passes
# stderr on to the service's journal).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"stderr": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["stderr"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    "loggers": {
        "django": {"handlers": ["stderr"], "level": "WARNING", "propagate": False},
        "django.server": {"handlers": ["stderr"], "level": "INFO", "propagate": False},
    },
}

# Security. HTTPS=true when served over TLS behind a reverse proxy (see README, "Drift").
HTTPS = env_bool("HTTPS")
SECURE_SSL_REDIRECT = HTTPS
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if HTTPS else None
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = 31536000 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_PRELOAD = HTTPS
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CSRF_FAILURE_VIEW = "casework.views.csrf_failure"
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
if OIDC_ENABLED and OIDC_OP_LOGOUT_ENDPOINT:  # the logout form redirects to the provider
    _logout = urlsplit(OIDC_OP_LOGOUT_ENDPOINT)
    SECURE_CSP["form-action"].append(f"{_logout.scheme}://{_logout.netloc}")

# Sign-in with Swedish e-legitimation over SAML 2.0 (accounts.saml; README, "Inloggning med
# e-legitimation"): off unless SAML_IDP_METADATA names the identity provider's metadata (a URL or
# a file). The service provider signs with SAML_KEY_FILE/SAML_CERT_FILE (PEM) and is known to the
# provider by SAML_ENTITY_ID (by default SITE_URL/konto/saml2/metadata/).
SAML_IDP_METADATA = os.environ.get("SAML_IDP_METADATA", "")
SAML_IDP_METADATA_CERT = os.environ.get("SAML_IDP_METADATA_CERT", "")  # signs metadata fetched
SAML_ENTITY_ID = os.environ.get("SAML_ENTITY_ID", "")
SAML_KEY_FILE = os.environ.get("SAML_KEY_FILE", "")
SAML_CERT_FILE = os.environ.get("SAML_CERT_FILE", "")
SAML_AUTHN_CONTEXT = os.environ.get("SAML_AUTHN_CONTEXT", "")  # e.g. a Sweden Connect LoA
# The assurance levels whose sign-in is itself two-factor (Sweden Connect: LoA3, LoA4, eIDAS
# substantial and high): no TOTP code is asked again after them.
SAML_SECOND_FACTOR_CONTEXTS = _list(
    os.environ.get(
        "SAML_SECOND_FACTOR_CONTEXTS",
        "http://id.elegnamnden.se/loa/1.0/loa3,http://id.elegnamnden.se/loa/1.0/loa4,"
        "http://id.elegnamnden.se/loa/1.0/eidas-sub,http://id.elegnamnden.se/loa/1.0/eidas-high",
    )
)
# The attribute that names the person, and the Person field it is matched on
# (personal_identity_number or email). pysaml2 names an attribute its maps know by its friendly
# name (urn:oid:1.2.752.29.4.13 is personalIdentityNumber, urn:oid:0.9.2342.19200300.100.1.3 mail).
SAML_ATTRIBUTE = os.environ.get("SAML_ATTRIBUTE", "personalIdentityNumber")
SAML_MATCH_FIELD = os.environ.get("SAML_MATCH_FIELD", "personal_identity_number")
SAML_CONFIG_LOADER = "accounts.saml.sp_config"
SAML_CREATE_UNKNOWN_USER = False
SAML_ACS_FAILURE_RESPONSE_FUNCTION = "accounts.views.saml_refused"
# The CSP above holds: requests go to the provider by redirect, never by a form posted there.
SAML_DEFAULT_BINDING = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect"
SAML_LOGOUT_REQUEST_PREFERRED_BINDING = SAML_DEFAULT_BINDING
SAML_CSP_HANDLER = ""
# The identity provider posts its response from another site: the cookie of the SAML exchange
# must go with it (browsers only send SameSite=None cookies over HTTPS).
SAML_SESSION_COOKIE_SAMESITE = "None" if env_bool("HTTPS") else "Lax"

# Uploaded documents: at most this many megabytes, and only PDF, DOCX, ODT or plain text.
UPLOAD_MAX_MB = int(os.environ.get("UPLOAD_MAX_MB", "25"))
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024  # the form fields of one request
DATA_UPLOAD_MAX_NUMBER_FILES = 10
# The folder the import page (/arenden/importera/) reads the documents a file names from, by
# paths inside it; unset, the page refuses a file naming documents (manage.py import_cases reads
# them beside the file). A folder of its own, holding only what is to be imported.
IMPORT_DIR = Path(os.environ["IMPORT_DIR"]) if os.environ.get("IMPORT_DIR") else None

# The cache shared by every app server: Redis when REDIS_URL is set (several servers must share
# one), this process's memory otherwise. Pages are served without it while Redis is down or slow
# (casework.cache): a cache call waits at most the timeouts here, in seconds.
REDIS_URL = os.environ.get("REDIS_URL", "")
CACHES = {
    "default": (
        {
            "BACKEND": "casework.cache.ForgivingRedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

# Live updates of a meeting (meetings.broadcast) go through the same Redis; at most this many browsers
# are streamed to by one app server process (more get 503 and retry); a quiet stream gets a comment
# every LIVE_HEARTBEAT_SECONDS so that proxies keep it open.
LIVE_MAX_CONNECTIONS = int(os.environ.get("LIVE_MAX_CONNECTIONS", "500"))
LIVE_HEARTBEAT_SECONDS = float(os.environ.get("LIVE_HEARTBEAT_SECONDS", "15"))

# Background work (printing PDFs): Django's tasks framework with the database as the queue
# (django-tasks-db); `python manage.py db_worker` runs the tasks, and `make run` starts one.
# TASKS_BACKEND=immediate runs each task inside the request instead (tests, a quick try).
TASKS = {
    "default": {
        "BACKEND": {
            "database": "django_tasks_db.DatabaseBackend",
            "immediate": "django.tasks.backends.immediate.ImmediateBackend",
        }[os.environ.get("TASKS_BACKEND", "database")]
    }
}

# Domain settings.
# KL 5 kap. 35 §: how many days before the one-year limit a motion counts as approaching it.
MOTION_DEADLINE_WARNING_DAYS = int(os.environ.get("MOTION_DEADLINE_WARNING_DAYS", "60"))
# How many days a referral body gets to answer, unless the clerk says otherwise.
REFERRAL_DEFAULT_DAYS = int(os.environ.get("REFERRAL_DEFAULT_DAYS", "90"))
SIMPLE_HISTORY_REVERT_DISABLED = True  # the history is read, never replayed over the record
