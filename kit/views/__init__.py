"""The lesson views of notebooks 01-05, one module per lesson (layer 4: views).

Nothing is imported here, so opening one lesson loads only its own views::

    kit.views.anatomy     01  the parts of a report: paragraphs by role, annotations, search
    kit.views.voices      02  who is speaking: quotes, share of voice, absent voices
    kit.views.claims      03  claims and evidence: the claim checker, source cards, numbers in context
    kit.views.framing     04  words that frame: where the framing words sit, and of what kind
    kit.views.provenance  05  translation and provenance: the artefact hunt, the chain of versions
    kit.views.shared      views shown in more than one lesson (text search, highlighter, fact explorer)
    kit.views.base        what the views share: labels, colours, highlighting, a widget's parts

The numbers they show are counted in :mod:`kit.counting` (layer 2: no HTML, no widget). The
other lessons' views are :mod:`kit.start` (00), :mod:`kit.procedure` and :mod:`kit.hemicycle`
(06-08), :mod:`kit.comparison_views` (09-10), :mod:`kit.review` (11).
"""
