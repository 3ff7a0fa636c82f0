/* Small progressive enhancements; every page works without them. No third-party code. */
(function () {
  "use strict";

  /* 获取验证码: the button counts the resend window down (the notice promises 60 seconds). */
  function countdown(button, seconds) {
    var label = button.getAttribute("data-label") || button.textContent;
    var left = seconds;
    function tick() {
      if (left <= 0) {
        button.disabled = false;
        button.textContent = label;
        return;
      }
      button.disabled = true;
      button.textContent = left + "秒后重新获取";
      left -= 1;
      window.setTimeout(tick, 1000);
    }
    tick();
  }
  document.querySelectorAll("[data-countdown]").forEach(function (button) {
    var seconds = parseInt(button.getAttribute("data-countdown"), 10) || 0;
    if (seconds > 0) countdown(button, seconds);
  });

  /* The registration's 获取验证码 asks the JSON API and stays on the page (the typed passwords stay). */
  document.querySelectorAll("[data-sms-purpose]").forEach(function (button) {
    button.addEventListener("click", function (event) {
      var form = button.form;
      var phone = form.querySelector("[name=phone]").value;
      event.preventDefault();
      button.disabled = true;
      fetch("/api/v1/sms-codes", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        credentials: "same-origin",
        body: JSON.stringify({ phone: phone, purpose: button.getAttribute("data-sms-purpose") })
      }).then(function (response) {
        return response.json().then(function (body) { return { ok: response.ok, body: body }; });
      }).then(function (answer) {
        var notice = document.getElementById("sms-notice");
        if (!notice) {
          notice = document.createElement("p");
          notice.id = "sms-notice";
          notice.setAttribute("role", "status");
          form.parentNode.insertBefore(notice, form);
        }
        if (answer.ok) {
          notice.className = "notice";
          var valid = answer.body.code_valid_seconds || 0;
          notice.textContent = "验证码已发送，" + (valid % 60 === 0 ? valid / 60 + "分钟" : valid + "秒") +
            "内有效；" + answer.body.resend_after_seconds + "秒后可重新获取，重新获取的验证码重新计算有效期";
          countdown(button, answer.body.resend_after_seconds);
        } else {
          notice.className = "error";
          notice.textContent = answer.body.detail || "验证码发送失败，请稍后再试";
          countdown(button, answer.body.retry_after || 0);
        }
      }).catch(function () { button.disabled = false; });
    });
  });

  /* 添加房屋: only the chosen method's fields are shown. */
  document.querySelectorAll("select[data-switch]").forEach(function (select) {
    function show() {
      document.querySelectorAll("[data-method]").forEach(function (part) {
        var methods = part.getAttribute("data-method").split(" ");
        part.hidden = methods.indexOf(select.value) < 0;
      });
    }
    select.addEventListener("change", show);
    show();
  });

  /* The payment QR code's time limit (WCAG 2.2.1): shown to the second, said aloud once a minute, in the
     last minute at 30 seconds, and when it has run out. */
  var timer = document.getElementById("time-left");
  if (timer && timer.getAttribute("data-expires-at")) {
    var said = document.getElementById("time-left-said");
    var ends = Date.parse(timer.getAttribute("data-expires-at"));
    var lastSaid = "";
    var words = function (left) {
      var m = Math.floor(left / 60), s = left % 60;
      return (m ? m + "分" : "") + (s || !m ? s + "秒" : "");
    };
    var update = function () {
      var left = Math.max(0, Math.round((ends - Date.now()) / 1000));
      var text = left > 0 ? "二维码剩余有效时间 " + words(left) : "二维码已过期，请返回重新发起支付";
      timer.textContent = text;
      var speak = !lastSaid || left === 0 || left % 60 === 0 || left === 30 ? text : "";
      if (said && speak && speak !== lastSaid) { said.textContent = speak; lastSaid = speak; }
      if (left > 0) window.setTimeout(update, 1000);
    };
    if (!isNaN(ends)) update();
  }

  /* The notice pop-up (_macros.html notice_modal): it takes focus, keeps Tab and Shift+Tab inside it, and
     Esc closes it like its × and 知道了 (which send #notice-ack). The page behind it does not scroll. */
  var modal = document.querySelector("[data-modal]");
  if (modal) {
    document.body.classList.add("has-modal");
    var focusable = function () {
      return Array.prototype.filter.call(
        modal.querySelectorAll("a[href], button:not([disabled]), input:not([type=hidden]), select, textarea, [tabindex='0']"),
        function (el) { return el.offsetParent !== null; });
    };
    var title = modal.querySelector("[tabindex='-1']") || focusable()[0];
    if (title) title.focus();
    document.addEventListener("keydown", function (event) {
      if (!document.body.contains(modal)) return;
      if (event.key === "Escape") {
        event.preventDefault();
        var close = modal.querySelector(".modal-close");
        if (close) close.click();
        return;
      }
      if (event.key !== "Tab") return;
      var items = focusable();
      if (!items.length) return;
      var first = items[0], last = items[items.length - 1];
      var inside = modal.contains(document.activeElement);
      if (event.shiftKey && (document.activeElement === first || !inside)) { event.preventDefault(); last.focus(); }
      else if (!event.shiftKey && (document.activeElement === last || !inside)) { event.preventDefault(); first.focus(); }
    });
  }

  /* A result the page was asked for (e.g. the house a 查询 found) is brought into view and focused. */
  var result = document.querySelector("[data-focus-on-load]");
  if (result && !modal) {
    result.scrollIntoView({ block: "start" });
    result.focus({ preventScroll: true });
  }
})();
