// Package wechat is the WeChat official-account (微信公众号) channel.
//
// # Basics
//
// WeChat calls one server URL (channels.wechat.path, default
// /channels/wechat): a GET with signature, timestamp, nonce and echostr when
// the URL is saved in the console (the handler echoes echostr), and a POST
// with an XML body for every message or event. The account's message mode
// decides the body: plaintext (明文模式), compatible (兼容模式: both, with
// encrypt_type=aes) or safe (安全模式: only <Encrypt>). With encrypt_type=aes
// the handler checks msg_signature over the ciphertext, decrypts it with the
// EncodingAESKey and encrypts its passive reply.
//
// channels.wechat.encoding_aes_key decides which modes are accepted. Set,
// a push must carry encrypt_type=aes and a valid msg_signature (compatible
// or safe mode); a plaintext push is 403 and nothing is stored, because
// its signature covers only token, timestamp and nonce, not the body, so
// anyone holding one signed query string could post any body with it.
// Unset, only plaintext mode works. The GET URL check is the same in all
// modes.
//
// Every request must carry a valid signature and a timestamp within
// MaxClockSkew of the server's clock; otherwise it is answered 403 and
// nothing is stored. Bodies over MaxBody are 413, malformed XML is 400.
//
// Messages become inbound.Message values: text; voice (the Recognition text
// when speech recognition is on in the console, otherwise a notice that
// the voice could not be understood, with the media id kept for the
// agent); image (kept on the order as an attachment); location; link
// (title and URL as text); video. Events: subscribe (the engine's
// welcome), unsubscribe (the engine marks the citizen), CLICK (the menu
// key is mapped through channels.wechat.menu_keys to a command text such
// as 查询). VIEW, LOCATION and other events are acknowledged and not
// stored.
//
// channels.wechat.welcome, when set, is the engine's welcome on this
// channel (instead of replies.welcome): on subscribe and in answer to a
// greeting such as 你好, by passive reply or Send alike, and in the
// transcript.
//
// # The 5-second rule
//
// WeChat waits 5 seconds for an answer and retries three times. The
// handler calls the engine, which commits the message and its replies
// before returning; when that took less than the reply budget
// (channels.wechat.reply_budget, default DefaultReplyBudget) the replies
// are claimed and sent as the one passive reply that WeChat allows (joined
// with blank lines). Otherwise the answer is "success" and the outbox
// delivers the replies through the customer-service API. A retried
// message (same MsgId, or for events openid+CreateTime+Event) is a
// duplicate: "success", nothing stored, nothing sent.
//
// # Sending
//
// Send uses the customer-service API (客服消息) within ServiceWindow of the
// citizen's last message. Outside the window, or when WeChat refuses
// (45015 out of time limit, 45047 out of count limit, 43004 unsubscribed,
// 48001 no permission, 40003 bad openid), it sends the template message
// channels.wechat.template_id when configured, else asks the outbox to
// reroute to SMS when the citizen's phone is known, else fails for good.
// An invalid or expired access token (40001, 40014, 42001) is dropped from
// the cache and the call is tried once more; other failures are retried
// by the outbox.
//
// channels.wechat.template_fields maps each key of the template (as shown
// in the console: first, keyword1, thing2, …) to a Go text/template over
// TemplateData: {{.Number}} the order number, {{.Status}} a short status
// label derived from the message kind (已派单, 已有办理结果, 待评价, …),
// {{.Text}} the message text and {{.Time}} the send time (2006-01-02
// 15:04, city time). The function trunc N cuts a value to N characters,
// for template fields with a length limit: {{trunc 20 .Text}}.
//
// The access token is fetched through the SDK (stable_token) once per
// expiry and cached in the store's key-value area, so every request and
// every restart share it.
//
// # Caveats
//
// github.com/silenceper/wechat/v2 has no per-client base URL or HTTP
// client: New installs channels.wechat.api_base_url as the SDK's global URI
// modifier and its own HTTP client (with a timeout) as the SDK's global
// client. One process therefore talks to one WeChat API, and tests that
// build channels must not run in parallel. The SDK sets logrus to Debug
// and would log raw messages; the binary lowers it to Warn.
package wechat
