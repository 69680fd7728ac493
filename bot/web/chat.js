// Web chat for 社保小助手: posts each message to the REST channel and renders the bot's messages
// (text, images, buttons as quick replies). All text is inserted with textContent, never as HTML.
(function () {
  "use strict";

  var ENDPOINT = new URL("../rest/webhook", window.location.href).toString();
  var STORAGE_KEY = "shebao-web-sender";
  var WELCOME = "您好！我是社保小助手，可以帮您查缴费基数、缴费金额、失业金、稳岗返还、减免缓缴和经办机构电话，" +
    "每个数字都注明文件依据。请直接输入问题，或点下面的示例：";
  var EXAMPLES = ["缴费基数上限是多少", "长春月薪8000每月社保交多少", "你能做什么"];

  var messages = document.getElementById("messages");
  var form = document.getElementById("composer");
  var input = document.getElementById("input");
  var sendButton = document.getElementById("send");
  var statusLine = document.getElementById("status");
  var pending = 0;

  function randomId() {
    var bytes = new Uint8Array(12);
    window.crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }

  function senderId() {
    var id = null;
    try { id = window.localStorage.getItem(STORAGE_KEY); } catch (e) { /* private mode */ }
    if (!id) {
      id = "web-" + randomId();
      try { window.localStorage.setItem(STORAGE_KEY, id); } catch (e) { /* private mode */ }
    }
    return id;
  }
  var sender = senderId();

  function scrollDown() { messages.scrollTop = messages.scrollHeight; }

  function row(who) {
    var r = document.createElement("div");
    r.className = "row " + who;
    var avatar = document.createElement("div");
    avatar.className = "avatar";
    avatar.textContent = who === "bot" ? "社" : "我";
    avatar.setAttribute("aria-hidden", "true");
    var body = document.createElement("div");
    body.className = "body";
    r.appendChild(avatar);
    r.appendChild(body);
    messages.appendChild(r);
    return body;
  }

  function bubble(body, text, extraClass) {
    var b = document.createElement("div");
    b.className = "bubble" + (extraClass ? " " + extraClass : "");
    b.textContent = text;
    body.appendChild(b);
    return b;
  }

  function quickReplies(body, buttons) {
    var box = document.createElement("div");
    box.className = "quick-replies";
    buttons.forEach(function (button) {
      var el = document.createElement("button");
      el.type = "button";
      el.className = "quick-reply";
      el.textContent = button.title;
      el.addEventListener("click", function () {
        Array.prototype.forEach.call(box.querySelectorAll("button"), function (b) { b.disabled = true; });
        el.classList.add("chosen");
        send(button.payload || button.title, button.title);
      });
      box.appendChild(el);
    });
    body.appendChild(box);
  }

  // The 有帮助 / 没帮助 question after an answer (payloads /feedback{...}): a small line under the answer,
  // not a bubble. Only the latest answer can be rated: older feedback buttons are disabled on each send.
  var FEEDBACK_PREFIX = "/feedback";
  function isFeedback(message) {
    return message.buttons && message.buttons.length && message.buttons.every(function (b) {
      return typeof b.payload === "string" && b.payload.indexOf(FEEDBACK_PREFIX) === 0;
    });
  }

  function showFeedback(message) {
    var line = document.createElement("div");
    line.className = "feedback";
    line.setAttribute("data-role", "feedback");
    var label = document.createElement("span");
    label.className = "feedback-question";
    label.textContent = message.text || "";
    line.appendChild(label);
    message.buttons.forEach(function (button) {
      var el = document.createElement("button");
      el.type = "button";
      el.className = "feedback-button";
      el.textContent = button.title;
      el.addEventListener("click", function () {
        closeFeedback();
        el.classList.add("chosen");
        send(button.payload, button.title);
      });
      line.appendChild(el);
    });
    messages.appendChild(line);
  }

  function closeFeedback() {
    Array.prototype.forEach.call(messages.querySelectorAll(".feedback-button"), function (b) { b.disabled = true; });
  }

  function showBotMessage(message) {
    if (isFeedback(message)) { showFeedback(message); return; }
    var body = row("bot");
    body.parentNode.setAttribute("data-role", "bot-message");
    if (message.text) bubble(body, message.text);
    if (message.image) {
      var b = bubble(body, "");
      var img = document.createElement("img");
      img.src = message.image;
      img.alt = "图片";
      b.appendChild(img);
    }
    if (message.buttons && message.buttons.length) quickReplies(body, message.buttons);
  }

  function showUserMessage(text) {
    var body = row("user");
    body.parentNode.setAttribute("data-role", "user-message");
    bubble(body, text);
  }

  var typingRow = null;
  function setTyping(on) {
    if (on && !typingRow) {
      var body = row("bot");
      typingRow = body.parentNode;
      typingRow.classList.add("typing");
      typingRow.setAttribute("data-role", "typing");
      typingRow.setAttribute("aria-label", "对方正在输入");
      var b = bubble(body, "");
      for (var i = 0; i < 3; i++) {
        var dot = document.createElement("span");
        dot.className = "dot";
        b.appendChild(dot);
      }
    } else if (!on && typingRow) {
      typingRow.remove();
      typingRow = null;
    }
    if (typingRow) messages.appendChild(typingRow);  // keep it last
    statusLine.textContent = on ? "对方正在输入…" : "";
    scrollDown();
  }

  function send(message, display) {
    closeFeedback();
    showUserMessage(display || message);
    pending += 1;
    setTyping(true);
    fetch(ENDPOINT, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ sender: sender, message: message })
    }).then(function (response) {
      if (!response.ok) throw new Error("HTTP " + response.status);
      return response.json();
    }).then(function (answer) {
      pending -= 1;
      if (!pending) setTyping(false);
      if (!Array.isArray(answer) || !answer.length) {
        showBotMessage({ text: "抱歉，我暂时没有答案，请换个说法试试，或拨打12333咨询。" });
      } else {
        answer.forEach(showBotMessage);
      }
      if (typingRow) messages.appendChild(typingRow);
      scrollDown();
    }).catch(function () {
      pending -= 1;
      if (!pending) setTyping(false);
      bubble(row("bot"), "网络异常，消息没有发送成功，请稍后再试。", "error");
      scrollDown();
    });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var text = input.value.trim();
    if (!text) return;
    input.value = "";
    sendButton.disabled = true;
    send(text);
    input.focus();
  });
  input.addEventListener("input", function () { sendButton.disabled = !input.value.trim(); });
  sendButton.disabled = true;

  showBotMessage({ text: WELCOME, buttons: EXAMPLES.map(function (q) { return { title: q, payload: q }; }) });
})();
