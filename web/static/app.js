// Evident: small enhancements on top of pages that work without JavaScript.
//  - Personalize: choosing an audience applies it at once (no "Show this version" click).
//  - Ask and follow-up forms: the button shows that an answer is being composed.
//  - Citation markers: an accessible tooltip naming the cited source on hover and focus.
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  function onReady(fn) {
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", fn);
    else fn();
  }

  function enhanceAudienceForm() {
    var form = document.querySelector(".audience-form");
    if (!form) return;
    form.addEventListener("change", function (event) {
      if (event.target && event.target.name === "audience") form.submit();
    });
  }

  function enhanceAskForms() {
    var forms = document.querySelectorAll(".ask-form");
    Array.prototype.forEach.call(forms, function (form) {
      form.addEventListener("submit", function () {
        var button = form.querySelector("button[type=submit]");
        if (!button) return;
        button.disabled = true;
        button.textContent = "Composing…";
        form.setAttribute("aria-busy", "true");
      });
    });
  }

  function enhanceCitations() {
    var tip = null;
    var owner = null;
    function hide() {
      if (tip) tip.remove();
      if (owner) owner.removeAttribute("aria-describedby");
      tip = null;
      owner = null;
    }
    function show(link) {
      var text = link.getAttribute("data-tip");
      if (!text || owner === link) return;
      hide();
      tip = document.createElement("div");
      tip.className = "cite-tooltip";
      tip.id = "cite-tooltip";
      tip.setAttribute("role", "tooltip");
      tip.textContent = text;
      document.body.appendChild(tip);
      var r = link.getBoundingClientRect();
      var left = Math.max(8, Math.min(window.scrollX + r.left - 20,
                                      window.scrollX + document.documentElement.clientWidth - tip.offsetWidth - 8));
      tip.style.left = left + "px";
      tip.style.top = (window.scrollY + r.bottom + 6) + "px";
      owner = link;
      link.setAttribute("aria-describedby", "cite-tooltip");
    }
    var links = document.querySelectorAll("a.cite");
    Array.prototype.forEach.call(links, function (link) {
      // The title attribute is the no-JavaScript tooltip; keep its text for ours.
      link.setAttribute("data-tip", link.getAttribute("title") || "");
      link.removeAttribute("title");
      link.addEventListener("mouseenter", function () { show(link); });
      link.addEventListener("focus", function () { show(link); });
      link.addEventListener("mouseleave", hide);
      link.addEventListener("blur", hide);
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape") hide();
    });
  }

  onReady(function () {
    enhanceAudienceForm();
    enhanceAskForms();
    enhanceCitations();
  });
})();
