// "Download PNG" for a server-rendered SVG chart: draw the SVG on a canvas at twice its size
// (sharp on slides and posters) and save the canvas as a PNG. No library, no server round trip.
(function () {
  "use strict";

  function download(blob, name) {
    var link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = name;
    document.body.appendChild(link);
    link.click();
    setTimeout(function () { URL.revokeObjectURL(link.href); link.remove(); }, 0);
  }

  function toPng(svg, name, button) {
    var width = parseFloat(svg.getAttribute("width")) || svg.viewBox.baseVal.width;
    var height = parseFloat(svg.getAttribute("height")) || svg.viewBox.baseVal.height;
    var text = new XMLSerializer().serializeToString(svg);
    var url = URL.createObjectURL(new Blob([text], { type: "image/svg+xml;charset=utf-8" }));
    var image = new Image();
    image.onload = function () {
      var scale = 2;
      var canvas = document.createElement("canvas");
      canvas.width = width * scale;
      canvas.height = height * scale;
      var context = canvas.getContext("2d");
      context.fillStyle = "#ffffff";
      context.fillRect(0, 0, canvas.width, canvas.height);
      context.drawImage(image, 0, 0, canvas.width, canvas.height);
      URL.revokeObjectURL(url);
      canvas.toBlob(function (blob) {
        download(blob, name);
        button.dataset.pngDone = "1";
      }, "image/png");
    };
    image.onerror = function () {
      URL.revokeObjectURL(url);
      button.textContent = "PNG not available in this browser — download the SVG";
    };
    image.src = url;
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-png-from]");
    if (!button) return;
    var svg = document.querySelector(button.getAttribute("data-png-from"));
    if (svg) toPng(svg, button.getAttribute("data-png-name") || "chart.png", button);
  });
})();
