"""ipywidgets for the kit's views, each widget without a Layout and a style model of its own.

Every ipywidgets control brings two more widget models with it, a ``Layout`` and (for most
controls) a style, each opened in the kernel and sent to the browser when the control is made:
an exercise of nine plain parts cost 42 models, and making them was most of what a lesson's
"Run All" spent in the kit. The layout and style of a control that never restyles itself can be
one model shared by every such control (ipywidgets documents that a layout may be shared), so
:func:`widgets` gives the same constructors as ``ipywidgets`` that fill in a shared, unchangeable
layout and style wherever the caller gives none:

    w = widgets()
    w.HTML("...")                        # shares the plain layout and the HTML style
    w.Button(description="Check")        # shares the plain layout and the button style
    w.Button(layout=w.Layout(display="none"))   # its own layout: it may change later
    w.Checkbox(layout=w.shared_layout(width="auto"))  # one layout for every such checkbox
    w.Dropdown(style={"description_width": "initial"})  # one style for every such dropdown

A box made here shows a plain sentence as its text form (:data:`PLAIN_TEXT`) instead of the repr of
its widgets. A shared layout or style refuses to change (:class:`SharedModelError`): a widget that
changes its layout later (hides itself, widens) must be given its own ``w.Layout(...)``. Everything
else (``w.Layout``, ``w.Output``'s ``append_*``, ``w.Widget``) is ipywidgets' own.
"""

from __future__ import annotations

from typing import Any


class SharedModelError(AttributeError):
    """A shared layout or style was asked to change (give the widget its own ``Layout`` instead)."""


def _frozen(cls: type) -> type:
    """A subclass of a layout or style class whose synced attributes cannot change once made."""
    base: Any = cls

    def __setattr__(self: Any, name: str, value: Any) -> None:
        if self.__dict__.get("_kit_frozen") and name in self.__dict__.get("_kit_keys", ()):
            raise SharedModelError(f"this {cls.__name__} is shared by many widgets and cannot change "
                                   f"({name}={value!r}); give the widget its own layout or style")
        base.__setattr__(self, name, value)

    return type(f"Shared{cls.__name__}", (cls,), {"__setattr__": __setattr__,
                                                  "__doc__": f"A {cls.__name__} shared by many widgets."})


PLAIN_TEXT = "(Interactive: this part of the lesson shows where Jupyter widgets run, as in JupyterLab or Voilà.)"


def _bundle(widget: Any) -> Any:
    """What a box shows: its view, and a sentence for where widgets do not run.

    ipywidgets' own text form is the repr of the whole tree of widgets ("VBox(children=(HTML(value='<p
    style=..."), markup no student should read, built at every display and cut to 110 characters: it
    was a fifth of what showing a self-check cost (issue 17).
    """

    def bundle(**_kwargs: Any) -> dict[str, Any]:
        return {"text/plain": PLAIN_TEXT,
                "application/vnd.jupyter.widget-view+json": {"version_major": 2, "version_minor": 0,
                                                            "model_id": widget.model_id}}

    return bundle


class Controls:
    """ipywidgets' names; a widget class's constructor fills in a shared layout and style."""

    def __init__(self, module: Any) -> None:
        self._module = module
        self._shared: dict[Any, Any] = {}
        self._makers: dict[str, Any] = {}
        self._frozen: dict[type, type] = {}

    def _share(self, cls: type, key: Any, **settings: Any) -> Any:
        model = self._shared.get(key)
        if model is None or getattr(model, "comm", True) is None:  # made, or closed since (close_all)
            frozen = self._frozen.get(cls)
            if frozen is None:
                frozen = self._frozen[cls] = _frozen(cls)
            model = frozen(**settings)
            model.__dict__["_kit_keys"] = frozenset(model.keys)
            model.__dict__["_kit_frozen"] = True
            self._shared[key] = model
        return model

    def shared_layout(self, **settings: str) -> Any:
        """One unchangeable ``Layout`` for every widget given these settings."""
        return self._share(self._module.Layout, ("layout", tuple(sorted(settings.items()))), **settings)

    def shared_style(self, cls: type, **settings: Any) -> Any:
        """One unchangeable style of this style class for every widget given these settings."""
        return self._share(cls, ("style", cls, tuple(sorted(settings.items()))), **settings)

    def __getattr__(self, name: str) -> Any:
        maker = self._makers.get(name)
        if maker is not None:
            return maker
        obj: Any = getattr(self._module, name)
        widget_class = isinstance(obj, type) and issubclass(obj, self._module.DOMWidget)
        traits: dict[str, Any] = obj.class_traits() if widget_class else {}
        if "layout" not in traits or obj is self._module.Layout:
            return obj
        style = traits.get("style")
        style_cls = getattr(style, "klass", None) if style is not None else None

        box = issubclass(obj, self._module.Box)

        def make(*args: Any, **kwargs: Any) -> Any:
            if "layout" not in kwargs:
                kwargs["layout"] = self.shared_layout()
            if isinstance(style_cls, type):
                given = kwargs.get("style")
                if given is None:
                    kwargs["style"] = self.shared_style(style_cls)
                elif type(given) is dict:  # style={"description_width": "initial"}: one for all alike
                    kwargs["style"] = self.shared_style(style_cls, **given)
            made = obj(*args, **kwargs)
            if box:
                made._repr_mimebundle_ = _bundle(made)
            return made

        make.__doc__ = f"ipywidgets.{name}, with a shared layout and style unless given."
        self._makers[name] = make
        return make


_CONTROLS: list[Controls] = []


def widgets() -> Any:
    """ipywidgets' names, whose widget constructors share one layout and one style (see the module)."""
    if not _CONTROLS:
        import ipywidgets  # heavy third-party package, imported when a widget is built

        _CONTROLS.append(Controls(ipywidgets))
    return _CONTROLS[0]


__all__ = ["PLAIN_TEXT", "Controls", "SharedModelError", "widgets"]
