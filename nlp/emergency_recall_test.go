package nlp

import (
	"context"
	"testing"

	"hotline/ticket"
)

// TestEmergencyRecallClasses checks the present-danger rules class by
// class (issue 11 item 2, second recall round), on sentences written for
// each class without its usual keyword, each with traps in the same words:
// a person who does not answer when spoken to or shaken, eyes rolled white,
// a body gone cold; an overdose of a named medicine; a wrist cut or poison
// drunk after a quarrel (a suicide attempt: 110 beside the 120); someone
// buried, a limb caught, a lift stopped with someone inside; someone in
// the water thrashing, swept away, going under; a fire or a glow with
// someone calling from a window; gas escaping next to a flame, or with
// someone down; a vehicle that overturned; a weapon swung; someone outside
// a railing or threatening to jump from a height. Each danger must be found
// by the rule named (not by the model, which can miss it) with the right
// number and the other numbers it needs.
func TestEmergencyRecallClasses(t *testing.T) {
	c := testEmbedded(t)
	tests := []struct {
		text, number, rule string // number "" = not an emergency
		also               []string
	}{
		{"我爷爷坐在藤椅上睡着了，到饭点怎么叫都叫不醒，手耷拉着", "120", "unresponsive", nil},
		{"同屋的大姐躺床上直挺挺的，跟她说话一点反应也没有", "120", "unresponsive", nil},
		{"俺媳妇刚才突然两眼翻白，身子往后一仰就没动静了", "120", "unresponsive", nil},
		{"孩子在幼儿园滑梯下面口吐白沫，老师在掐人中", "120", "event", nil},
		{"我爸嘴唇紫得发黑，靠在墙上大口喘，话都说不出来", "120", "cyanosis", nil},
		{"老头在公园长椅上坐着，过去一摸好像没气了", "120", "not-breathing", nil},
		{"我老公在沙发上浑身抽抽，牙咬得咯吱响，喊他不应", "120", "unresponsive", nil},
		{"一个外卖小哥瘫在电梯口，脸煞白，问他也不吭气", "120", "unresponsive", nil},
		{"我妈洗着碗突然就出溜到地上了，眼睛闭着，喊了好几声都不答应", "120", "unresponsive", nil},
		{"奶奶早上没起来，进屋一看她脸朝下趴在地板上，身子冰凉", "120", "unresponsive", nil},
		{"我家孩子早上赖床，叫了半天叫不醒，上学都要迟到了", "", "", nil},
		{"他喝多了在沙发上睡得死沉，打呼噜，明天再跟他算账", "", "", nil},
		{"手机打过去没反应，是不是基站坏了", "", "", nil},
		{"我家狗躺在地上不动了，嘴角有白沫，兽医站电话多少", "", "", nil},
		{"这个网站点了提交按钮一点反应都没有", "", "", nil},
		{"我婆婆跟公公吵了几句，把一瓶百草枯喝了，现在满屋子药味", "120", "poisoning", []string{"110"}},
		{"我姐打电话说把一整瓶安定都吞了，说完就不接了", "120", "overdose", []string{"110"}},
		{"楼上那家的男的在车里烧炭，车窗贴了报纸，门从里面锁了", "120", "co-poisoning", nil},
		{"室友把手腕割了，血顺着床沿往下滴", "120", "bleeding", []string{"110"}},
		{"我闺女吃了半盒布洛芬，现在一直吐，脸发黄", "120", "overdose", nil},
		{"俺爹拿错瓶子，把兑好的农药当水喝了两口，肚子绞着疼", "120", "poisoning", nil},
		{"我弟把他治抑郁的药一口气全吃了，人已经迷糊了", "120", "overdose", nil},
		{"上个月我妈误吃了过期的药，医院看过了没事，想投诉药店", "", "", nil},
		{"农药瓶子乱扔在地头，孩子容易误喝，村里能不能管管", "", "", nil},
		{"医生让我一天吃一片，我一次吃了两片，会不会有事", "", "", nil},
		{"烧炭取暖的小饭馆要不要查一下，冬天了", "", "", nil},
		{"矿洞口塌了，我男人还在里面出不来", "119", "event", nil},
		{"我家娃把头伸进防盗窗栏杆里，现在退不出来，哭得厉害", "119", "trapped", nil},
		{"搅拌站的工人被掉下来的石料埋了半截", "119", "trapped", nil},
		{"车库的卷帘门卡住了，我爸被困在里面一天了，里面没信号", "119", "event", nil},
		{"施工的沟塌方了，有个人被土盖住了，只剩胳膊在外头", "119", "trapped", nil},
		{"孩子在家把自己反锁在阳台，外面三十多度，他开不了门", "119", "trapped", nil},
		{"一个工人被翻倒的叉车压住了腿，抽不出来", "119", "trapped", nil},
		{"三楼电梯停了，门打不开，里面有个孕妇", "119", "trapped", nil},
		{"快递被压在一堆货下面了，取不出来，快递员不管", "", "", nil},
		{"我被堵在单位里出不去，外面下大雨", "", "", nil},
		{"钥匙锁在车里了，能帮忙开锁吗", "", "", nil},
		{"一个小孩掉进村东头的大坑塘里了，在水里扑腾，快没劲了", "119", "drowning", nil},
		{"学生在河里游泳，被水冲出去老远，就剩个脑袋一冒一冒的", "119", "drowning", nil},
		{"我哥开着三轮下河滩，河水一下子涨起来，把他连车冲走了", "119", "drowning", nil},
		{"水渠里有个人沉下去了，半天没见上来", "119", "drowning", nil},
		{"孩子在景区的溪里玩，踩空掉到深潭里了，看不见人了", "119", "drowning", nil},
		{"桥下有个人抱着一根木头在水里漂，一直喊救命", "119", "drowning", nil},
		{"我的手机掉河里了，能不能找人捞一下", "", "", nil},
		{"河里有死鱼漂着，水发臭，环保局管不管", "", "", nil},
		{"孩子在游泳馆学游泳呛了两口水，教练太不负责任了", "", "", nil},
		{"一股焦味从隔壁飘过来，窗户里有火苗，敲门没人应", "119", "event", nil},
		{"三楼那家阳台冒烟了，屋里好像还有个老人", "119", "smoke-people-inside", nil},
		{"仓库里的纸箱着了，里面有几个工人在搬货", "119", "fire", nil},
		{"楼下饭店烧起来了，楼上住户还有人没下来", "119", "event", nil},
		{"对面宿舍楼顶层一片红光，有学生在窗口喊", "119", "smoke-people-inside", nil},
		{"厂里烘干房着火了，里面有人没跑出来", "119", "event", nil},
		{"我家楼下的车棚烧起来了，火蹿到二楼的窗户了，二楼住着人", "119", "event", nil},
		{"邻居家厨房炖肉糊了，一股焦味，都跟他说了几次了", "", "", nil},
		{"工厂烟囱一直冒黑烟，附近的人都受不了", "", "", nil},
		{"路边有人烧秸秆，烟熏得人睁不开眼", "", "", nil},
		{"家里的电饭锅插头冒了一下火花，拔了就好了，想问换插座多少钱", "", "", nil},
		{"楼下烧烤摊冒的烟一直往我家窗户里灌", "", "", nil},
		{"进门一股天然气味，我妈倒在厨房地上，灶上锅还烧着", "119", "event", []string{"120"}},
		{"楼道里燃气味很大，有人还在楼下打火机点烟", "119", "event", nil},
		{"煤气罐口在往外滋气，旁边就是正在烧的蜂窝煤炉子", "119", "gas-flame", nil},
		{"我舅家烧煤取暖，早上一家三口都叫不醒", "120", "unresponsive", nil},
		{"燃气公司来换表，说要停气一天，能不能改个时间", "", "", nil},
		{"我家燃气灶打不着火了，找谁修", "", "", nil},
		{"刮风把高压线吹断了，一头落在路中间，旁边有小学生在走", "119", "live-wire", nil},
		{"小区里有根电线耷拉到草坪上，冒着火花，好多孩子在那玩", "119", "event", nil},
		{"我家电线短路起火了，屋里还有我奶奶", "119", "event", nil},
		{"工地的电缆泡在积水里，工人还在里面干活，刚才有人被麻了一下", "119", "live-wire", nil},
		{"隔壁大爷修电闸被电住了，撒不开手", "119", "live-wire", nil},
		{"我家电线老化了，想问问找谁换", "", "", nil},
		{"小区路灯不亮了，晚上黑乎乎的", "", "", nil},
		{"电动车充电线乱拉，物业不管", "", "", nil},
		{"路口一辆轿车把骑三轮的老太太撞了，人躺地上起不来", "122", "road-collision", []string{"120"}},
		{"两辆车撞了，司机卡在车里出不来，车门变形了", "122", "road-collision", []string{"119"}},
		{"一辆货车翻在路边沟里，司机满脸是血", "122", "road-collision", []string{"120"}},
		{"刚才一辆摩托车被公交车刮倒了，骑车的人流了一地血", "122", "road-collision", []string{"120"}},
		{"小汽车把过马路的小孩撞了，孩子躺着不动", "122", "road-collision", []string{"120"}},
		{"高速上追尾了，后面那辆车里有人喊救命", "122", "event", nil},
		{"我的车在停车场被人刮了，对方跑了，监控能不能查", "", "", nil},
		{"路口红绿灯坏了，车都乱开，早晚撞了人", "", "", nil},
		{"前天发生的交通事故，交警给的责任认定我不服", "", "", nil},
		{"一辆车撞了路边护栏，人没事，护栏一直没修", "", "", nil},
		{"楼下有个男的拿着刀在砍人，已经有人倒地了", "110", "event", []string{"120"}},
		{"店门口几个人抡起酒瓶往人脑袋上砸", "110", "armed-attack", nil},
		{"我老公又喝多了拿砖头追着我打", "110", "armed-attack", nil},
		{"两个人把一个小伙子按在地上往死里打", "110", "violence", nil},
		{"那个人还在踢地上躺着的人，都不动了还踢", "110", "violence", nil},
		{"邻居男的把他老婆拖到门外掐着脖子，她脸都紫了", "110", "violence", []string{"120"}},
		{"有三个人拿着棍子冲进我家店里见人就打", "110", "armed-attack", nil},
		{"我儿子踢球把邻居家玻璃踢碎了，要赔多少", "", "", nil},
		{"小区里有人练拳击打沙袋，吵得慌", "", "", nil},
		{"我老公打游戏打到半夜，说他也不听", "", "", nil},
		{"我们村有人拿刀剁排骨卖，卫生不达标", "", "", nil},
		{"天台边上坐着个女孩，腿悬在外面，一直在哭", "110", "ledge", nil},
		{"桥栏杆外面站着一个男的，不说话也不动", "110", "ledge", nil},
		{"楼顶边上有个人站了半个小时了，说不想活了", "110", "state", nil},
		{"我儿子坐在窗台上，窗户开着，说我们再逼他他就跳", "110", "ledge", nil},
		{"一个老人翻过了河边的护栏，站在外面看着水", "110", "ledge", nil},
		{"楼顶边上有工人在刷外墙，也没系安全带，太危险了", "", "", nil},
		{"我家猫蹲在窗台上一动不动，会不会掉下去", "", "", nil},
	}
	for _, tt := range tests {
		r, err := c.Classify(context.Background(), tt.text)
		if err != nil {
			t.Fatal(err)
		}
		flagged := r.Emergency != nil && r.Urgency == ticket.UrgencyEmergency
		switch {
		case tt.number == "" && (r.Emergency != nil || r.Urgency == ticket.UrgencyEmergency):
			t.Errorf("%s: urgency %s, emergency %+v; want no emergency", tt.text, r.Urgency, r.Emergency)
		case tt.number == "":
		case !flagged:
			t.Errorf("%s: urgency %s, no emergency; want 特急 and %s (%s)", tt.text, r.Urgency, tt.number, tt.rule)
		case r.Emergency.Number != tt.number || r.Emergency.Rule != tt.rule:
			t.Errorf("%s: %s by %s (%q), want %s by %s", tt.text, r.Emergency.Number, r.Emergency.Rule, r.Emergency.Cue, tt.number, tt.rule)
		case !containsAll(alsoNumbers(r.Emergency), tt.also):
			t.Errorf("%s: also %v, want %v", tt.text, alsoNumbers(r.Emergency), tt.also)
		}
	}
}
