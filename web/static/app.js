// Evident: small enhancements on top of pages that work without JavaScript.
//  - Personalize: choosing an audience applies it at once (no "Show this version" click).
//  - Ask and follow-up forms: the button shows that an answer is being composed. When the
//    server writes answers with a language model (the form has data-stream), the model's draft
//    is shown as it arrives, marked unverified, from GET /api/ask/stream (server-sent events);
//    the verified article then replaces it. Any failure submits the form as without JavaScript.
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
      form.addEventListener("submit", function (event) {
        var button = form.querySelector("button[type=submit]");
        if (button) {
          button.disabled = true;
          button.textContent = "Composing…";
        }
        form.setAttribute("aria-busy", "true");
        if (form.getAttribute("data-stream") && window.EventSource && streamAnswer(form)) {
          event.preventDefault();
        }
      });
    });
  }

  // The panel that shows the unverified draft. All text goes in through textContent.
  function draftPanel(form) {
    var old = form.parentNode.querySelector(".draft");
    if (old) old.remove();
    var panel = document.createElement("section");
    panel.className = "draft";
    panel.setAttribute("aria-labelledby", "draft-title");
    var title = document.createElement("h2");
    title.id = "draft-title";
    title.textContent = "Unverified draft";
    var note = document.createElement("p");
    note.className = "draft-note";
    note.textContent = "A language model is writing this from the evidence. It has not been " +
        "checked yet: every sentence will be checked against the sources it cites, and " +
        "sentences they do not support will be removed before the article is shown.";
    var status = document.createElement("p");
    status.className = "draft-status";
    status.setAttribute("role", "status");
    status.textContent = "Finding the evidence…";
    var text = document.createElement("p");
    text.className = "draft-text";
    panel.appendChild(title);
    panel.appendChild(note);
    panel.appendChild(status);
    panel.appendChild(text);
    form.parentNode.insertBefore(panel, form.nextSibling);
    return { panel: panel, status: status, text: text };
  }

  function verdict(composer) {
    if (!composer || composer.composer !== "llm") {
      return composer && composer.fallback
        ? "The draft could not be used (" + composer.fallback_reason + "). Opening the article " +
          "quoted from the sources…"
        : "Opening the article…";
    }
    return "Checked: " + composer.kept + " of " + composer.reply_sentences + " sentences kept" +
        (composer.dropped ? ", " + composer.dropped + " removed as unsupported" : "") +
        ". Opening the verified article…";
  }

  // Streams the answer of `form`; false if it cannot (the form is then submitted as usual).
  function streamAnswer(form) {
    var data = new FormData(form);
    var question = data.get("q");
    if (!question || !String(question).trim()) return false;
    var params = new URLSearchParams();
    params.set("question", question);
    ["audience", "context", "conversation_id"].forEach(function (name) {
      var value = data.get(name);
      if (value) params.set(name, value);
    });
    var view = draftPanel(form);
    var source = new EventSource(form.getAttribute("data-stream") + "?" + params.toString());
    var finished = false;
    function giveUp() {
      if (finished) return;
      finished = true;
      source.close();
      view.status.textContent = "Streaming is not available; composing the article…";
      form.submit();  // as without JavaScript: the server answers with the article page
    }
    source.addEventListener("progress", function (event) {
      var stage = JSON.parse(event.data).stage;
      if (stage === "composing") view.status.textContent = "A language model is writing a draft…";
    });
    source.addEventListener("delta", function (event) {
      view.text.appendChild(document.createTextNode(JSON.parse(event.data).text));
    });
    source.addEventListener("article", function (event) {
      finished = true;
      source.close();
      var article = JSON.parse(event.data);
      view.status.textContent = verdict(article.composer);
      view.panel.classList.add("draft-done");
      window.location.assign("/q/" + encodeURIComponent(article.slug));
    });
    // The server's own "error" event carries data; a broken connection does not. Either way the
    // form is submitted as without JavaScript, which shows the server's answer or error page.
    source.addEventListener("error", giveUp);
    return true;
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
