"""The QI tools drawn in the app: the driver diagram, the fishbone and the process map.

Each tool is laid out once as shapes (canvas.Diagram); the page shows them as SVG and the A3's
PDF draws the same shapes as vectors, so the two never disagree."""
