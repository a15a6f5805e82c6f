package config

import "testing"

// TestHTTPErrors: a city renames an API error's message and a detail; a
// misspelt key, an empty message and a detail with a placeholder hotline
// does not fill are rejected with their lines.
func TestHTTPErrors(t *testing.T) {
	path := writeFile(t, `http_errors:
  order_not_found: 查无此单
  details:
    body_limit: "上限 {{.Max}} 字节"
`)
	cfg, err := load(path, noEnv)
	if err != nil {
		t.Fatal(err)
	}
	if h := cfg.HTTPErrors; h.OrderNotFound != "查无此单" || h.Details.BodyLimit != "上限 {{.Max}} 字节" || h.BadLogin != "用户名或密码错误" {
		t.Errorf("overrides and defaults: %q %q %q", h.OrderNotFound, h.Details.BodyLimit, h.BadLogin)
	}
	path = writeFile(t, `http_errors:
  order_not_fuond: 查无此单
  bad_login: ""
  details:
    json_syntax: "第 {{.Byte}} 个字节"
  desk:
    bad_pgae: 页码不对
    bad_per_page: "最多 {{.Limit}} 条"
    phone_digits: 号码位数不够
    too_long: "{{.What}}过长"
  inputs:
    answer: ""
  calls:
    calls_of: 未开
  duty:
    too_long: "最多 {{.Chars}} 字"
  webhooks:
    wechat_signatrue: 签名不对
`)
	wantProblems(t, loadProblems(t, path, noEnv), []wantProblem{
		{"http_errors.order_not_fuond", 2, `未知的键「order_not_fuond」`},
		{"http_errors.bad_login", 3, "不能为空"},
		{"http_errors.details.json_syntax", 5, "不填写 {{.Byte}}"},
		{"http_errors.desk.bad_pgae", 7, `未知的键「bad_pgae」`},
		{"http_errors.desk.bad_per_page", 8, "不填写 {{.Limit}}"},
		// The console's refusals say what to fix: the number they fill in
		// is required, int or string.
		{"http_errors.desk.phone_digits", 9, "缺少 {{.Min}}：hotline 在这里填入的内容将无人看到"},
		{"http_errors.desk.too_long", 10, "缺少 {{.Max}}"},
		{"http_errors.inputs.answer", 12, "不能为空"},
		{"http_errors.calls.calls_of", 14, `未知的键「calls_of」`},
		{"http_errors.duty.too_long", 16, "不填写 {{.Chars}}"},
		{"http_errors.webhooks.wechat_signatrue", 18, `未知的键「wechat_signatrue」`},
	})
}
