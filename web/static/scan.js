// scan.js: reads a code with the phone's camera where the browser can
// (the Barcode Detection API), and opens its page. Without it the photo
// and typed forms of /scan do the same work.
(function () {
  'use strict';
  var box = document.getElementById('camera');
  if (!box || !('BarcodeDetector' in window) || !navigator.mediaDevices) return;
  var start = document.getElementById('camera-start');
  var video = document.getElementById('camera-view');
  var status = document.getElementById('camera-status');
  box.hidden = false;
  start.addEventListener('click', function () {
    var detector = new window.BarcodeDetector({ formats: ['qr_code', 'data_matrix'] });
    navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' } }).then(function (stream) {
      video.srcObject = stream;
      video.hidden = false;
      start.hidden = true;
      return video.play().then(function () { look(detector, stream); });
    }).catch(function () {
      status.textContent = box.getAttribute('data-none');
    });
  });
  function look(detector, stream) {
    detector.detect(video).then(function (codes) {
      if (codes.length === 0) { window.setTimeout(function () { look(detector, stream); }, 250); return; }
      stream.getTracks().forEach(function (t) { t.stop(); });
      // The server reads it as a typed code: the same checks, one place.
      window.location.href = '/scan/code?text=' + encodeURIComponent(codes[0].rawValue);
    }).catch(function () {
      window.setTimeout(function () { look(detector, stream); }, 500);
    });
  }
}());
