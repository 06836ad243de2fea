// Starts the playground: instantiates the WASM module that wasm-bindgen's
// `no-modules` glue (ordinal_playground.js) declares as `wasm_bindgen`.
// Over http(s) it fetches ordinal_playground_bg.wasm; from file://, where
// browsers refuse to fetch, it loads the same bytes from a classic script.
// Any failure is shown in the #fatal box instead of a blank page.
(function () {
  "use strict";
  function fatal(message) {
    var box = document.getElementById("fatal");
    if (!box) return;
    box.textContent = message;
    box.hidden = false;
  }
  window.addEventListener("error", function (event) {
    if (!document.querySelector("#app > *")) fatal("Ordinal failed to start: " + event.message);
  });
  window.addEventListener("unhandledrejection", function (event) {
    if (document.querySelector("#app > *")) return;
    fatal("Ordinal failed to start: " + (event.reason && event.reason.message ? event.reason.message : event.reason));
  });
  if (typeof WebAssembly !== "object") {
    fatal("This browser cannot run WebAssembly, which the playground needs.");
    return;
  }
  if (typeof wasm_bindgen !== "function" || typeof window.OrdinalEditor !== "object") {
    fatal("Ordinal failed to load its scripts (editor.js, ordinal_playground.js).");
    return;
  }
  function start(source) {
    wasm_bindgen({ module_or_path: source }).catch(function (error) {
      fatal("Ordinal failed to start: " + (error && error.message ? error.message : error));
    });
  }
  if (location.protocol === "file:") {
    var script = document.createElement("script");
    script.src = "ordinal_playground_bg.wasm.js";
    script.onload = function () {
      var text = atob(window.ORDINAL_WASM_BASE64 || "");
      var bytes = new Uint8Array(text.length);
      for (var i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
      start(bytes);
    };
    script.onerror = function () {
      fatal("Ordinal failed to load ordinal_playground_bg.wasm.js");
    };
    document.head.appendChild(script);
  } else {
    start("ordinal_playground_bg.wasm");
  }
})();
