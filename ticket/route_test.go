package ticket

import (
	"testing"

	"hotline/config"
)

func testRoutingConfig() *config.Config {
	return &config.Config{
		City: config.City{Name: "济宁市", Hotline: "12345", Office: "市长公开电话办公室"},
		Districts: []config.District{
			{Name: "任城区", Aliases: []string{"任城"}, Kind: "district", Government: "任城区人民政府"},
			{Name: "兖州区", Aliases: []string{"兖州"}, Kind: "district", Government: "兖州区人民政府", Towns: []string{"小孟镇"}},
			// Its government is missing from the departments below.
			{Name: "曲阜市", Aliases: []string{"曲阜"}, Kind: "county", Government: "曲阜市人民政府"},
		},
		Departments: []config.Department{
			{Name: "市长公开电话办公室", Kind: config.KindOffice},
			{Name: "市城市管理局", Kind: config.KindMunicipal, Aliases: []string{"城管局"}},
			{Name: "市农业农村局", Kind: config.KindMunicipal},
			{Name: "任城区人民政府", Kind: config.KindGovernment},
			{Name: "兖州区人民政府", Kind: config.KindGovernment},
			{Name: "中山水务公司", Kind: config.KindUtility, Aliases: []string{"中山水务"}},
			{Name: "山东聚源热力有限责任公司", Kind: config.KindUtility},
			{Name: "四和热力公司", Kind: config.KindUtility},
		},
		Categories: []config.Category{
			{Code: "SRHW", Name: "市容环卫", Department: config.Territorial, Fallback: "市城市管理局"},
			{Code: "NCNY", Name: "农业农村", Department: config.Territorial, Fallback: "市农业农村局"},
			{Code: "SZSS", Name: "市政设施", Department: "城管局"},
			{Code: "GS", Name: "供水", Department: "中山水务公司", Utility: true},
			{Code: "GR", Name: "供热", Department: "山东聚源热力有限责任公司", Utility: true,
				DistrictOverrides: map[string]string{"兖州区": "四和热力公司"}},
			{Code: "XX", Name: "无主", Department: "不存在的局"},
			{Code: "YY", Name: "属地无兜底", Department: config.Territorial},
			{Code: "QT", Name: "其他", Department: "市长公开电话办公室"},
		},
	}
}

func TestRoute(t *testing.T) {
	cfg := testRoutingConfig()
	tests := []struct {
		name, category, district, want string
	}{
		{"属地 with district", "SRHW", "兖州区", "兖州区人民政府"},
		{"属地 with district alias", "SRHW", "兖州", "兖州区人民政府"},
		{"属地 other district", "NCNY", "任城区", "任城区人民政府"},
		{"属地 without district: fallback", "SRHW", "", "市城市管理局"},
		{"属地 unknown district: fallback", "SRHW", "火星区", "市城市管理局"},
		{"属地 district government not a department: fallback", "SRHW", "曲阜市", "市城市管理局"},
		{"属地 with no fallback and no district: office", "YY", "", "市长公开电话办公室"},
		{"plain category ignores district", "GS", "兖州区", "中山水务公司"},
		{"department given by alias", "SZSS", "", "市城市管理局"},
		{"district override: GR in 兖州区", "GR", "兖州区", "四和热力公司"},
		{"district override by alias", "GR", "兖州", "四和热力公司"},
		{"district override by category name", "供热", "兖州区", "四和热力公司"},
		{"GR elsewhere", "GR", "任城区", "山东聚源热力有限责任公司"},
		{"GR without district", "GR", "", "山东聚源热力有限责任公司"},
		{"category department missing: office", "XX", "", "市长公开电话办公室"},
		{"unknown category: office", "ABC", "兖州区", "市长公开电话办公室"},
		{"empty category: office", "", "", "市长公开电话办公室"},
		{"QT: office", "QT", "任城区", "市长公开电话办公室"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Route(cfg, tt.category, tt.district); got != tt.want {
				t.Errorf("Route(%q, %q) = %q, want %q", tt.category, tt.district, got, tt.want)
			}
		})
	}
}
