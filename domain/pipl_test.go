package domain

import (
	"testing"

	"hotline/ticket"
)

func TestMaskForms(t *testing.T) {
	for _, tt := range []struct{ got, want string }{
		{MaskName("张三"), "张*"},
		{MaskName("欧阳娜娜"), "欧***"},
		{MaskAddress("任城区古槐路18号3单元502室"), "任城区古槐路**号*单元***室"},
		{MaskAddress("电话13953706688，身份证370802198001011234"), "电话139****6688，身份证370802********1234"},
		{MaskPhone("+86 139 5370 6688"), "139****6688"},
		{MaskPhone("139****6688"), "139****6688"},
		{MaskPlatformID("oAbCdEfGhIjKlMn"), "oAb***"},
	} {
		if tt.got != tt.want {
			t.Errorf("got %q, want %q", tt.got, tt.want)
		}
	}
	tk := &ticket.Ticket{Name: "王建国", Phone: "13953706688", Address: "古槐路18号", Department: "市公安局", District: "任城区",
		Description: "王建国反映楼下噪音", Recording: "https://pbx/rec/1.wav", Location: &ticket.Location{Lat: 35.41234, Lng: 116.58765},
		Events: []ticket.Event{{Action: "edit", Fields: map[string][2]string{"phone": {"", "13953706688"}, "department": {"市公安局", "市城市管理局"}}}}}
	MaskTicketPersonal(tk)
	if tk.Name != "王**" || tk.Phone != "139****6688" || tk.Address != "古槐路**号" || tk.Description != "王**反映楼下噪音" ||
		tk.Recording != "" || tk.Location.Lat != 35.41 || tk.Events[0].Fields["phone"][1] != "139****6688" ||
		tk.Events[0].Fields["department"][1] != "市城市管理局" || tk.Department != "市公安局" || tk.District != "任城区" {
		t.Fatalf("masked order %+v", tk)
	}
	before := *tk
	MaskTicketPersonal(tk)
	if tk.Name != before.Name || tk.Address != before.Address || tk.Description != before.Description {
		t.Fatal("masking twice changed it again")
	}
}

func TestMaskCitizenMediaAndAttachments(t *testing.T) {
	c := &Citizen{ID: "c1", Name: "王建国", Phones: []string{"13953706688"}, Contact: "+86 139 5370 6688",
		Identities: []Identity{{Channel: "wechat", UserID: "oAbCdEfGhIjKlMn"}}}
	if CitizenMasked(c) {
		t.Fatal("an unmasked citizen counts as masked")
	}
	MaskCitizenPersonal(c)
	if c.Name != "王**" || c.Phones[0] != "139****6688" || c.Contact != "139****6688" || c.Identities[0].UserID != "oAb***" || c.ID != "c1" {
		t.Fatalf("masked citizen %+v", c)
	}
	if !CitizenMasked(c) {
		t.Fatal("a masked citizen does not count as masked")
	}
	m := &Message{Text: "照片", Media: []MediaRef{{Kind: "image", ID: "file-1", URL: "https://api/file-1"}}}
	MaskMessagePersonal(m)
	if len(m.Media) != 1 || m.Media[0] != (MediaRef{Kind: "image"}) {
		t.Fatalf("masked media %+v", m.Media)
	}
	tk := &ticket.Ticket{Attachments: []string{"image:file-1 https://api/file-1", "/desk/attachments/abc"}}
	MaskTicketPersonal(tk)
	if len(tk.Attachments) != 1 || tk.Attachments[0] != "/desk/attachments/abc" {
		t.Fatalf("masked attachments %v", tk.Attachments)
	}
	if got := MaskPersonalText("王建国的电话13953706688", "王建国"); got != "王**的电话139****6688" {
		t.Fatalf("MaskPersonalText: %q", got)
	}
}

func TestMaskAuditValue(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"accepted name=王建国", "accepted name=王**"},
		{"accepted phone=+86 139 5370 6688", "accepted phone=139****6688"},
		{"accepted address=古槐路18号3单元502室", "accepted address=古槐路**号*单元***室"},
		{"accepted department=市公安局", "accepted department=市公安局"},
		{"dispatched", "dispatched"},
		{"closed satisfied", "closed satisfied"},
		{`{"text":"王建国说电话13953706688","state":"agent"}`, `{"state":"agent","text":"王**说电话139****6688"}`},
		{`{"events":12,"status":"accepted","name":"李四"}`, `{"events":12,"name":"李*","status":"accepted"}`},
		{`{"status":"accepted","due":"2022-05-04T09:00:00Z","events":3}`, `{"status":"accepted","due":"2022-05-04T09:00:00Z","events":3}`},
		{"回访电话13953706688", "回访电话139****6688"},
	} {
		if got := MaskAuditValue(tt.in, "王建国"); got != tt.want {
			t.Errorf("MaskAuditValue(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if got := MaskAuditValue(tt.want, "王建国"); got != tt.want {
			t.Errorf("masking %q again gave %q", tt.want, got)
		}
	}
}
