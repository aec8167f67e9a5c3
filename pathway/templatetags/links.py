"""Django's {% url %} tag, its addresses made by pathway.core.links.link: the same address,
without a reverse() per link when the arguments are whole numbers. A builtin of both template
engines (config.settings.base), so every template's {% url %} is this one."""

from django import template
from django.template import defaulttags
from django.urls import NoReverseMatch
from django.utils.html import conditional_escape

from pathway.core.links import link

register = template.Library()


class LinkNode(defaulttags.URLNode):
    def render(self, context):
        if self.kwargs:
            return super().render(context)
        args = [arg.resolve(context) for arg in self.args]
        view_name = self.view_name.resolve(context)
        try:
            current_app = context.request.current_app
        except AttributeError:
            try:
                current_app = context.request.resolver_match.namespace
            except AttributeError:
                current_app = None
        # As Django's tag: a name that does not reverse fails, unless the address is kept
        # "as" a variable, which is then empty.
        url = ""
        try:
            url = link(view_name, *args, current_app=current_app)
        except NoReverseMatch:
            if self.asvar is None:
                raise
        if self.asvar:
            context[self.asvar] = url
            return ""
        return conditional_escape(url) if context.autoescape else url


@register.tag
def url(parser, token):
    node = defaulttags.url(parser, token)
    return LinkNode(node.view_name, node.args, node.kwargs, node.asvar)
