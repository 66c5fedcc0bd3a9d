"""The Jinja environment: templates compiled once per language, with their texts in it.

Nearly every text on a page is ``_('a literal')``. Jinja translates it at render time: an
alias, a context lookup, two context calls and a catalogue lookup, some forty Python calls for
each of the hundred-odd texts a page can hold, and that on every request although the answer
only depends on the language. So each template is compiled once per language, and a call of
``_`` with a literal text becomes that language's translation in the compiled code, formatted
with the call's values at render time exactly as Jinja's new-style gettext would (escaped values,
``%%`` a percent sign, Markup when autoescaping). Everything else (``ngettext``, ``_`` of a
variable, a template that binds ``_`` itself, ``from_string`` templates) keeps Jinja's path.
"""

from __future__ import annotations

import weakref
from collections.abc import MutableMapping
from contextvars import ContextVar
from gettext import NullTranslations
from typing import TYPE_CHECKING, Any, cast

from flask import Flask, g
from flask.globals import _cv_request
from flask.templating import Environment
from flask_babel import get_locale, get_translations
from jinja2 import Template, nodes
from jinja2.runtime import Context
from jinja2.visitor import NodeTransformer

if TYPE_CHECKING:
    from flask.sansio.app import App
    from jinja2.environment import TemplateModule

#: The translations of the template being compiled, while ``_load_template`` compiles one.
_COMPILING: ContextVar[NullTranslations | None] = ContextVar("pm_compiling", default=None)

#: Room for every template in every language, so none is ever compiled twice.
TEMPLATE_CACHE_SIZE = 2000


class SharedModuleTemplate(Template):
    """Jinja's template, with a cheaper check on ``{% from ... import %}``.

    Jinja reuses an imported template's module unless the importer has globals it lacks; it
    finds out with a set difference against a ``ChainMap`` key view, which Python walks key by
    key (some 180 calls per import on a page with four). Iterating the ``ChainMap`` once gives
    the same answer.
    """

    def _get_default_module(self, ctx: Context | None = None) -> TemplateModule:
        if ctx is not None and not ctx.globals_keys.difference(self.globals):
            ctx = None  # the importer brings nothing new: Jinja would use the cached module
        return super()._get_default_module(ctx)


#: Links a page may build from a constant: an endpoint alone, or a static file. Bounded, since
#: templates name both as literals (a dynamic value goes past the cache).
_LINKS_KEPT = 4096


def init_templating(app: Flask) -> None:
    """Templates' ``url_for`` remembers the links that only depend on where the app is mounted.

    The page shell builds the same dozen links (home, static files, menu targets) on every page,
    each a full Werkzeug build. Without values (or with just a static file name) and without URL
    defaults or subdomains, a link depends on the endpoint and the script root alone.
    """
    build = app.url_for
    kept: dict[tuple[str, str, object], str] = {}

    def url_for(endpoint: str, /, **values: Any) -> str:
        ctx = _cv_request.get(None)  # outside a request (an e-mail) Flask builds it its way
        if (
            ctx is not None
            and (not values or (endpoint == "static" and values.keys() == {"filename"}))
            and endpoint[:1] != "."
            and not app.url_default_functions
            and not app.url_map.host_matching
            and not app.subdomain_matching
        ):
            key = (endpoint, ctx.request.script_root, values.get("filename"))
            link = kept.get(key)
            if link is None:
                link = build(endpoint, **values)
                if len(kept) < _LINKS_KEPT:
                    kept[key] = link
            return link
        return build(endpoint, **values)

    app.jinja_env.globals["url_for"] = url_for


class PeerMatchEnvironment(Environment):
    """Flask's environment, caching each template per language (see the module docstring)."""

    template_class = SharedModuleTemplate
    #: False gives Jinja's own runtime translation: the reference the equivalence tests use.
    translate_when_compiling = True

    def __init__(self, app: App, **options: Any) -> None:
        options.setdefault("cache_size", TEMPLATE_CACHE_SIZE)
        super().__init__(app, **options)

    def _load_template(self, name: str, globals: MutableMapping[str, Any] | None) -> Template:
        if not self.translate_when_compiling:
            return super()._load_template(name, globals)
        if self.loader is None:
            raise TypeError("no loader for this environment specified")
        language = template_language()
        cache_key = (weakref.ref(self.loader), name, language)
        cache = cast("MutableMapping[object, Template] | None", self.cache)
        if cache is not None:
            template = cache.get(cache_key)
            if template is not None and (not self.auto_reload or template.is_up_to_date):
                if globals:
                    template.globals.update(globals)
                return template
        token = _COMPILING.set(get_translations())
        try:
            template = self.loader.load(self, name, self.make_globals(globals))
        finally:
            _COMPILING.reset(token)
        if cache is not None:
            cache[cache_key] = template
        return template

    def _parse(self, source: str, name: str | None, filename: str | None) -> nodes.Template:
        tree = super()._parse(source, name, filename)
        translations = _COMPILING.get()
        if translations is None or _binds_gettext(tree):
            return tree
        return _TranslateLiterals(translations).visit(tree)  # type: ignore[no-any-return]


def template_language() -> str | None:
    """The language templates are compiled for: Flask-Babel's locale, as text.

    Asked for every template a page loads, so it reads the locale Flask-Babel already chose
    for this request (or ``force_locale`` set) from its per-request namespace on ``g``, and
    asks ``get_locale`` only when there is none yet; the text is kept per locale object.
    """
    try:
        request_g = g._get_current_object()
    except RuntimeError:  # no app context: Flask-Babel has no locale either
        return None
    locale = getattr(getattr(request_g, "_flask_babel", None), "babel_locale", None)
    if locale is None:
        locale = get_locale()
        if locale is None:
            return None
    seen = getattr(request_g, "_pm_template_language", None)
    if seen is not None and seen[0] is locale:
        return seen[1]  # type: ignore[no-any-return]
    language = str(locale)
    request_g._pm_template_language = (locale, language)
    return language


def _binds_gettext(tree: nodes.Template) -> bool:
    """A template that assigns ``_`` (``{% set _ = ... %}``, a loop or macro argument) keeps
    Jinja's lookup, since its ``_`` may not be the translation function everywhere."""
    names = (n.name for n in tree.find_all(nodes.Name) if n.ctx in ("store", "param"))
    return any(name == "_" for name in names)


class _TranslateLiterals(NodeTransformer):
    def __init__(self, translations: NullTranslations) -> None:
        self.translations = translations

    def visit_Call(self, call: nodes.Call) -> nodes.Node:
        node = self.generic_visit(call)
        if not (
            isinstance(node, nodes.Call)
            and isinstance(node.node, nodes.Name)
            and node.node.name == "_"
            and len(node.args) == 1
            and isinstance(node.args[0], nodes.Const)
            and isinstance(node.args[0].value, str)
            and node.dyn_args is None
            and node.dyn_kwargs is None
        ):
            return node
        text = self.translations.gettext(node.args[0].value)
        lineno = node.lineno
        marked = nodes.MarkSafeIfAutoescape(nodes.Const(text, lineno=lineno), lineno=lineno)
        if not node.kwargs and "%" not in text:
            return marked  # formatting with no values would change nothing
        values = nodes.Dict(
            [
                nodes.Pair(nodes.Const(kw.key, lineno=lineno), kw.value, lineno=lineno)
                for kw in node.kwargs
            ],
            lineno=lineno,
        )
        return nodes.Mod(marked, values, lineno=lineno)
