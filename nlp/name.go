package nlp

import (
	"strings"
	"unicode/utf8"
)

var namePrefixes = []string{"我叫", "我是", "本人叫", "本人是", "联系人是", "联系人：", "联系人:", "联系人", "我姓", "本人姓", "免贵姓", "姓名：", "姓名:", "姓名"}

var nameTitles = []string{"女士", "先生", "老师", "师傅", "大爷", "大娘", "阿姨", "大姐", "大哥", "同志", "小姐"}

// surnames are the common Chinese family names; a name must start with one.
const surnames = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝"

// nameStop are characters that end a given name.
const nameStop = "电手联住家在的是今年号我想要反投举咨请，。！？、,.!?;；：: 0123456789在村区县镇路街市省人们业居民"

// Name returns the contact name the citizen gave (我叫张三 → 张三, 我是李女士
// → 李女士, 联系人王先生 → 王先生, 姓刘 → 刘), or "".
func (x *Extractor) Name(text string) string {
	s := normalize(text)
	for _, p := range namePrefixes {
		from := 0
		for {
			k := strings.Index(s[from:], p)
			if k < 0 {
				break
			}
			at := from + k + len(p)
			from = at
			if n := readName(s[at:], strings.Contains(p, "姓") && !strings.HasPrefix(p, "姓名")); n != "" && !x.startsPlace(s[at:]) {
				return n
			}
		}
	}
	return ""
}

func (x *Extractor) startsPlace(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	for _, e := range x.places.bucket(r) {
		if strings.HasPrefix(s, e.word) {
			return true
		}
	}
	return false
}

// readName reads a name at the start of s: a surname then a title, or a
// surname and one or two given-name characters. surnameOnly is for 姓刘.
func readName(s string, surnameOnly bool) string {
	s = strings.TrimLeft(s, " ")
	sn, size := utf8.DecodeRuneInString(s)
	if !strings.ContainsRune(surnames, sn) {
		return ""
	}
	rest := s[size:]
	for _, t := range nameTitles {
		if strings.HasPrefix(rest, t) {
			return s[:size+len(t)]
		}
	}
	if surnameOnly {
		// 姓刘，女 / 姓刘的 — keep the surname and a title if one follows soon.
		for _, t := range nameTitles {
			if k := strings.Index(rest, t); k >= 0 && k <= 6 {
				return string(sn) + t
			}
		}
		return string(sn)
	}
	n := 0
	end := size
	for _, r := range rest {
		if n == 2 || !isHan(r) || strings.ContainsRune(nameStop, r) {
			break
		}
		end += utf8.RuneLen(r)
		n++
	}
	if n == 0 {
		return ""
	}
	return s[:end]
}
