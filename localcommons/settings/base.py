"""Settings shared by every environment: safe by default, configured from the environment."""

import os
from pathlib import Path

import dj_database_url

from localcommons.settings.csp import content_security_policy

BASE_DIR = Path(__file__).resolve().parent.parent.parent

# Secrets and hosts come only from the environment; dev.py supplies throwaway values.
SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS = [h.strip() for h in os.environ.get("ALLOWED_HOSTS", "").split(",") if h.strip()]
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]

INSTALLED_APPS = [
    "localcommons",
    "directory",
    "stories",
    "mapping",
    "moderation",
    "research",
    "wagtailgeowidget",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.sites",
    "django_comments_xtd",
    "django_comments",
    "django_tasks",
    "django_tasks_db",
]

# Background tasks (the network's figures, Wagtail's reference index). They run straight
# after the publishing request here; production queues them for `manage.py db_worker`.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "localcommons.middleware.ContentSecurityPolicyMiddleware",
    "localcommons.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "localcommons.urls"
WSGI_APPLICATION = "localcommons.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "localcommons.context_processors.site_map_settings",
                "localcommons.context_processors.fragment_cache",
            ],
        },
    },
]

# SQLite is the embedded default; production points DATABASE_URL at PostgreSQL.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "0")),
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# "versions" holds only the data version (localcommons.cache), apart from the entries built
# under it, so a cache that culls its entries when full never takes the version with them.
if os.environ.get("REDIS_URL"):
    CACHES = {
        alias: {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "KEY_PREFIX": alias,
        }
        for alias in ("default", "versions")
    }
else:
    CACHES = {
        alias: {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": f"localcommons-{alias}",
        }
        for alias in ("default", "versions")
    }

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = os.environ.get("STATIC_ROOT", str(BASE_DIR / "staticfiles"))
# npm-provided libraries are served from node_modules under a stable prefix, so the
# lockfile decides their version and no page ever loads them from a CDN.
NODE_MODULES = BASE_DIR / "node_modules"
STATICFILES_DIRS = [
    ("npm/leaflet", NODE_MODULES / "leaflet" / "dist"),
    ("npm/leaflet.markercluster", NODE_MODULES / "leaflet.markercluster" / "dist"),
    ("npm/graphology", NODE_MODULES / "graphology" / "dist"),
    ("npm/sigma", NODE_MODULES / "sigma"),
    ("npm/graphology-layout-forceatlas2", NODE_MODULES / "graphology-layout-forceatlas2"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "localcommons.storage.StaticFilesStorage"},
}
MEDIA_ROOT = os.environ.get("MEDIA_ROOT", str(BASE_DIR / "media"))
# Uploads: the kinds of image and document editors need, nothing a browser would run. SVG
# is off, since an SVG can carry script. Documents are served through Wagtail's view, so
# they get the site's headers and view restrictions, never straight from the media folder.
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
WAGTAILDOCS_EXTENSIONS = [
    "pdf",
    "doc",
    "docx",
    "odt",
    "xls",
    "xlsx",
    "ods",
    "csv",
    "txt",
    "pptx",
    "odp",
]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
WAGTAILDOCS_SERVE_METHOD = "serve_view"

# Conversations under stories, projects, ideas and workshops (django-comments-xtd): one level
# of replies, no email confirmation (comments are held for a moderator instead), plain text.
SITE_ID = 1
COMMENTS_APP = "django_comments_xtd"
COMMENTS_XTD_FORM_CLASS = "research.conversations.forms.ConversationForm"
COMMENTS_XTD_CONFIRM_EMAIL = False
COMMENTS_XTD_MAX_THREAD_LEVEL = 1
COMMENTS_XTD_SEND_HTML_EMAIL = False
COMMENTS_XTD_THREADED_EMAILS = False
COMMENTS_HIDE_REMOVED = True
# The library's own limit (3,000) sizes its database column; ours is the form's.
CONVERSATION_MAX_LENGTH = 2000
# Held for a moderator unless this is on and the address already has an approved comment.
# Off by default: anyone can type someone else's address.
CONVERSATIONS_TRUST_RETURNING_COMMENTERS = (
    os.environ.get("CONVERSATIONS_TRUST_RETURNING_COMMENTERS", "false").lower() == "true"
)

# Where `manage.py backup` puts its folders unless told otherwise.
BACKUP_DIR = os.environ.get("BACKUP_DIR", str(BASE_DIR / "backups"))
MEDIA_URL = "/media/"

WAGTAIL_SITE_NAME = os.environ.get("WAGTAIL_SITE_NAME", "Local Commons")
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
# The site must not call out to third parties on its own.
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAILEMBEDS_RESPONSIVE_HTML = True

# Maps: the tile server and the geocoder are the only outside hosts the site uses.
MAP_TILE_URL = os.environ.get("MAP_TILE_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png")
MAP_TILE_ATTRIBUTION = os.environ.get(
    "MAP_TILE_ATTRIBUTION",
    '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors',
)
# The admin's address search: "nominatim" (OpenStreetMap), or "" to turn it off.
MAP_GEOCODER = os.environ.get("MAP_GEOCODER", "nominatim")
MAP_DEFAULT_CENTRE = {"lat": 51.5530, "lng": -0.1430}
MAP_DEFAULT_ZOOM = 15
# Coordinates outside these bounds are accepted, but a pair that only fits once swapped
# is rejected: for a UK site that is nearly always a lat/lon mix-up.
MAP_REGION_BOUNDS = {"min_lat": 49.8, "max_lat": 60.9, "min_lng": -8.7, "max_lng": 1.8}

GEO_WIDGET_DEFAULT_LOCATION = MAP_DEFAULT_CENTRE
GEO_WIDGET_ZOOM = MAP_DEFAULT_ZOOM
GEO_WIDGET_EMPTY_LOCATION = True
GEO_WIDGET_LEAFLET_TILE_LAYER = MAP_TILE_URL
GEO_WIDGET_LEAFLET_TILE_LAYER_OPTIONS = {"attribution": MAP_TILE_ATTRIBUTION}

CONTENT_SECURITY_POLICY = content_security_policy(MAP_TILE_URL, MAP_GEOCODER)
# Browsers that know it may use no camera, microphone, location or payment on any page.
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"

TAGGIT_CASE_INSENSITIVE = True

DIRECTORY_PAGE_SIZE = 24

# Public forms: posts per client per minute, and how many proxies in front of the site add
# themselves to X-Forwarded-For (0: use the connection's own address).
RATELIMIT_PER_MINUTE = int(os.environ.get("RATELIMIT_PER_MINUTE", "5"))
RATELIMIT_TRUSTED_PROXIES = int(os.environ.get("RATELIMIT_TRUSTED_PROXIES", "0"))
# A public form sent sooner than this after it was shown was not filled in by a person;
# more links than this in its text is spam.
PUBLIC_FORM_MIN_SECONDS = float(os.environ.get("PUBLIC_FORM_MIN_SECONDS", "3"))
PUBLIC_FORM_MAX_LINKS = int(os.environ.get("PUBLIC_FORM_MAX_LINKS", "2"))

# The HSDS export's address parts that listings do not record.
HSDS_DEFAULT_CITY = os.environ.get("HSDS_DEFAULT_CITY", "London")
HSDS_DEFAULT_REGION = os.environ.get("HSDS_DEFAULT_REGION", "Greater London")
HSDS_COUNTRY = os.environ.get("HSDS_COUNTRY", "GB")
# The largest spreadsheet file (each file of a CSV pair) the workbook reader accepts.
SPREADSHEET_MAX_BYTES = int(os.environ.get("SPREADSHEET_MAX_BYTES", str(20 * 1024 * 1024)))
# The most rows (blank ones included) the reader goes through in one sheet: a small file
# can unzip to millions of rows.
SPREADSHEET_MAX_ROWS = int(os.environ.get("SPREADSHEET_MAX_ROWS", "200000"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
