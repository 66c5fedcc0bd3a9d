"""The neutral edge between HTTP and the use cases, shared by ``web`` and ``api``.

Both front ends need the same request plumbing: who is asking (``context``), whether the
caller is an API client (``paths``), access enforcement (``access``), one unit of work per
request (``transactions``), the same error rendering (``errors``, ``problems``), locale
selection (``i18n``) and labels for shared vocabularies (``labels``). Keeping it here lets
``web`` and ``api`` depend on it and never on each other.
"""
