package config

import (
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	// The embedded zone database makes Location work on minimal hosts and
	// Windows machines of a city intranet, which often have no tzdata.
	_ "time/tzdata"
)

// DefaultTimezone is used when city.timezone is empty.
const DefaultTimezone = "Asia/Shanghai"

// Department returns the department with the given name or alias.
func (c *Config) Department(name string) (Department, bool) {
	if name == "" {
		return Department{}, false
	}
	for _, d := range c.Departments {
		if d.Name == name {
			return d, true
		}
	}
	for _, d := range c.Departments {
		if slices.Contains(d.Aliases, name) {
			return d, true
		}
	}
	return Department{}, false
}

// Category returns the category with the given code.
func (c *Config) Category(code string) (Category, bool) {
	for _, cat := range c.Categories {
		if cat.Code == code {
			return cat, true
		}
	}
	return Category{}, false
}

// District returns the district with the given name or alias (兖州 finds
// 兖州区).
func (c *Config) District(name string) (District, bool) {
	if name == "" {
		return District{}, false
	}
	for _, d := range c.Districts {
		if d.Name == name {
			return d, true
		}
	}
	for _, d := range c.Districts {
		if slices.Contains(d.Aliases, name) {
			return d, true
		}
	}
	return District{}, false
}

// TownDistrict returns the district that a town or street belongs to
// (小孟镇 → 兖州区).
func (c *Config) TownDistrict(town string) (District, bool) {
	if town == "" {
		return District{}, false
	}
	for _, d := range c.Districts {
		if slices.Contains(d.Towns, town) {
			return d, true
		}
	}
	return District{}, false
}

// Route returns the department that handles an order of category code in
// district (a district name or alias, "" when unknown): the category's
// override for that district, else its department; for a 属地 category
// the district's government, or the fallback when the district is not
// known. An unknown category, or a 属地 category with no district and no
// fallback, goes to the office's own queue.
func (c *Config) Route(code, district string) string {
	cat, ok := c.Category(code)
	if !ok {
		return c.City.Office
	}
	d, known := c.District(district)
	if known {
		if dept, ok := cat.DistrictOverrides[d.Name]; ok {
			return dept
		}
	}
	if cat.Department != Territorial {
		return cat.Department
	}
	if known && d.Government != "" {
		return d.Government
	}
	if cat.Fallback != "" {
		return cat.Fallback
	}
	return c.City.Office
}

// Location returns the city's time zone, in which working days and
// deadlines are counted. An unknown zone name falls back to China
// Standard Time (UTC+8); Validate reports the bad name.
func (c *Config) Location() *time.Location {
	name := c.City.Timezone
	if name == "" {
		name = DefaultTimezone
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return time.FixedZone("CST", 8*60*60)
	}
	return loc
}

// EmergencyRule returns the emergency rule of number (119, 110…).
func (c *Config) EmergencyRule(number string) (Emergency, bool) {
	for _, e := range c.Emergency {
		if e.Number == number {
			return e, true
		}
	}
	return Emergency{}, false
}

// EmergencyRoute returns the category and department of an order about an
// emergency for which number is to be called: those of its rule, city.office
// and 其他 (QT) where the rule names none or one this config does not know.
// The category model never decides where an emergency goes.
func (c *Config) EmergencyRoute(number string) (category, department string) {
	category, department = "QT", c.City.Office
	e, ok := c.EmergencyRule(number)
	if !ok {
		return category, department
	}
	if _, ok := c.Category(e.Category); ok {
		category = e.Category
	}
	if d, ok := c.Department(e.Department); ok {
		department = d.Name
	}
	return category, department
}

// TownSuffixes are the endings of town and street names (镇/街道/乡),
// longest first; a town's name without one is its short form.
var TownSuffixes = []string{"街道办事处", "街道办", "街道", "办事处", "镇", "乡"}

// TownShort returns the short form of a town's name, without its suffix
// (小孟镇 → 小孟), or "" when the name has no suffix or the rest is a
// single character.
func TownShort(town string) string {
	for _, suf := range TownSuffixes {
		if short, ok := strings.CutSuffix(town, suf); ok {
			if utf8.RuneCountInString(short) < 2 {
				return ""
			}
			return short
		}
	}
	return ""
}
