package ticket

import (
	"slices"

	"hotline/config"
)

// Route returns the department that handles an order of category (its code,
// or its name) in district (a district's name or alias, or "" when unknown):
//
//   - a district override of the category (供热 in 兖州区 → 四和热力公司) wins;
//   - a category routed to 属地 goes to the district's government when the
//     district is known, else to the category's fallback;
//   - any other category goes to its department;
//   - an unknown category goes to the office's own queue (City.Office).
//
// The answer is always the name of a department in cfg.Departments (a
// department given by one of its aliases is returned by its name); where the
// rules above lead to none, the order goes to City.Office.
func Route(cfg *config.Config, category, district string) string {
	office := cfg.City.Office
	cat, ok := findCategory(cfg, category)
	if !ok {
		return office
	}
	dist, known := findDistrict(cfg, district)

	var candidates []string
	if known {
		if d, ok := cat.DistrictOverrides[dist.Name]; ok {
			candidates = append(candidates, d)
		}
		for _, alias := range dist.Aliases {
			if d, ok := cat.DistrictOverrides[alias]; ok {
				candidates = append(candidates, d)
			}
		}
	}
	if cat.Department == config.Territorial {
		if known {
			candidates = append(candidates, dist.Government)
		}
		candidates = append(candidates, cat.Fallback)
	} else {
		candidates = append(candidates, cat.Department)
	}
	for _, c := range candidates {
		if name, ok := findDepartment(cfg, c); ok {
			return name
		}
	}
	return office
}

func findCategory(cfg *config.Config, category string) (config.Category, bool) {
	if category == "" {
		return config.Category{}, false
	}
	for _, c := range cfg.Categories {
		if c.Code == category || c.Name == category {
			return c, true
		}
	}
	return config.Category{}, false
}

func findDistrict(cfg *config.Config, district string) (config.District, bool) {
	if district == "" {
		return config.District{}, false
	}
	for _, d := range cfg.Districts {
		if d.Name == district || slices.Contains(d.Aliases, district) {
			return d, true
		}
	}
	return config.District{}, false
}

func findDepartment(cfg *config.Config, name string) (string, bool) {
	if name == "" {
		return "", false
	}
	for _, d := range cfg.Departments {
		if d.Name == name || slices.Contains(d.Aliases, name) {
			return d.Name, true
		}
	}
	return "", false
}
