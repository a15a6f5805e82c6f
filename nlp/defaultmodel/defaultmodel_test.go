package defaultmodel

import (
	"slices"
	"testing"

	"hotline/config"
	"hotline/nlp/textclf"
)

func TestDefaultCategoryModel(t *testing.T) {
	if len(categoryModel) == 0 || len(categoryModel) > 5<<20 {
		t.Fatalf("embedded model is %d bytes, want 1 B..5 MB", len(categoryModel))
	}
	m, err := Category()
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := config.Default()
	if err != nil {
		t.Fatal(err)
	}
	var codes []string
	for _, c := range cfg.Categories {
		codes = append(codes, c.Code)
	}
	labels := m.Labels()
	slices.Sort(labels)
	slices.Sort(codes)
	if !slices.Equal(labels, codes) {
		t.Errorf("model labels %v, default categories %v", labels, codes)
	}
	tests := []struct{ text, want string }{
		{"任城区古槐路有烧烤摊占道经营，油烟很大", "SRHW"},
		{"家里停水两天了", "GS"},
		{"公积金提取需要什么材料", "GJJ"},
		{"孩子上小学划片怎么查", "JY"},
	}
	for _, tt := range tests {
		if got, conf := m.Predict("", tt.text); got != tt.want || conf <= 0 || conf > 1 {
			t.Errorf("Predict(%q) = %s %.2f, want %s", tt.text, got, conf, tt.want)
		}
	}
}

func TestDefaultCategoryParsesAnew(t *testing.T) {
	a, err := Category()
	if err != nil {
		t.Fatal(err)
	}
	b, err := Category()
	if err != nil {
		t.Fatal(err)
	}
	if a == b {
		t.Error("Category returned the same *Model twice; callers may rely on owning theirs")
	}
}

func TestDefaultEmergencyModel(t *testing.T) {
	for name, load := range map[string]func() (*textclf.Model, error){"Emergency": Emergency, "EmergencyGrown": EmergencyGrown} {
		m, err := load()
		if err != nil {
			t.Fatal(err)
		}
		labels := m.Labels()
		slices.Sort(labels)
		if want := []string{"110", "119", "120", "122", "none"}; !slices.Equal(labels, want) {
			t.Errorf("%s: labels %v, want %v", name, labels, want)
		}
		if got, _ := m.Predict("", "物业费太贵了"); got != "none" {
			t.Errorf("%s: Predict(物业费太贵了) = %s, want none", name, got)
		}
	}
}

// BenchmarkDecode measures parsing the embedded models, which every start
// of the server (and every test that starts one in a child process) pays.
func BenchmarkDecode(b *testing.B) {
	for _, tt := range []struct {
		name string
		load func() (*textclf.Model, error)
	}{{"category", Category}, {"emergency", Emergency}, {"emergency grown", EmergencyGrown}} {
		b.Run(tt.name, func(b *testing.B) {
			for b.Loop() {
				if _, err := tt.load(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
