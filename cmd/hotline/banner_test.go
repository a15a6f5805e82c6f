package main

import (
	"bytes"
	"net"
	"strings"
	"testing"

	"hotline/config"
)

func TestServeBannerNamesTheConsole(t *testing.T) {
	cfg, err := config.Default()
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	printBanner(&b, cfg, &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 8080}, "tok", "data/hotline.db")
	out := b.String()
	for _, want := range []string{"http://127.0.0.1:8080/chat/", "工作台：  http://127.0.0.1:8080/desk/", "/api/queue", "坐席令牌：tok", "data/hotline.db"} {
		if !strings.Contains(out, want) {
			t.Errorf("banner lacks %q:\n%s", want, out)
		}
	}
}
