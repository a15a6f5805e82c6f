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
