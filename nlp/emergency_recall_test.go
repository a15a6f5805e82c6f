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
// a railing or threatening to jump from a height; then a second batch:
// smoke seeping or glass bursting with someone inside, a stove hood that
// catches, a headache like a blow with vomiting, scalds over the body,
// choking told with 噎着, a sting with laboured breathing, poison poured
// into the mouth or taken for something else, a child shut in a machine,
// a boat overturned, a live fence touched, a weapon in hand at a broken
// door, a child dragged to a car, someone sitting on a railing, a limb
// broken in a crash; and a third batch, for the number and the other
// numbers: a crash told with the verb first, onto the pavement or into a
// pole, with the injured (a head that hit the ground, a wheel over a leg,
// someone lying still in a ditch); an attack again now, a stalker at the
// door, a car driven into people; a fire with someone burnt or alight; a
// fall with confusion after; a heart attack the pills do not stop; wild
// mushrooms; not wanting to be a burden, then silence; going to the dead;
// staring into the water from a bank. Each danger must be found by the
// rule named (not by the model, which can miss it) with the right number
// and the other numbers it needs.
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
		{"厨房的油烟机呼呼往外窜火，俺娘还在灶台跟前", "119", "fire", nil},
		{"出租屋那边噼里啪啦的，窗户玻璃都炸了，里面住着好几个打工的", "119", "smoke-people-inside", nil},
		{"村里的麦秸垛着起来了，边上就是老王家的土坯房，他家老人腿脚不灵便", "119", "fire", nil},
		{"地下室冒出来一股股的烟，地下室里住着人", "119", "smoke-people-inside", nil},
		{"宾馆走廊烟大得看不见人，我们被堵在房间里了", "119", "smoke-people-inside", nil},
		{"着火了着火了，五楼，里面有小孩在哭", "119", "event", nil},
		{"对门家门底下往外钻烟，一股塑料烧着的味，他家孩子一个人在家", "119", "smoke-people-inside", nil},
		{"电瓶车在楼道里自燃了，楼上的人下不来", "119", "smoke-people-inside", nil},
		{"我家灶台上的火苗总是发红，是不是燃气不纯", "", "", nil},
		{"孩子放学回家说学校今天着火演习，吓哭了", "", "", nil},
		{"老家的土灶烧柴火烟太大了，想改成燃气", "", "", nil},
		{"那家饭店的招牌灯一闪一闪的，晚上像着火了一样", "", "", nil},
		{"俺娘坐在马扎上一下子就往后仰过去了，嘴里呼噜呼噜的", "120", "collapse", nil},
		{"我爸打麻将的时候突然把牌一推，捂着头说疼得要炸了，然后就吐了，现在迷迷糊糊", "120", "stroke", nil},
		{"我老婆生完孩子回家第三天，下面一直往外流血，脸白得吓人", "120", "event", nil},
		{"孩子被开水壶浇了一身，前胸后背都起泡了", "120", "burn", nil},
		{"工友从三米高的架子上摔下来，后脑着地，耳朵里往外冒血", "120", "fall-from-height", nil},
		{"我家老爷子噎着了，憋得直拍桌子，说不出话来", "120", "choking", nil},
		{"邻居小孩被马蜂蜇了好多下，现在脸肿得眼睛都睁不开，喘气吭哧吭哧的", "120", "anaphylaxis", nil},
		{"俺男人喝完酒在厕所里栽倒了，脑袋磕在水池上，叫他哼哼两声又没声了", "120", "unresponsive", nil},
		{"一个老人在公交车上突然不喘气了，司机把车停下了", "120", "not-breathing", nil},
		{"我妈血压上来了，头疼得直撞墙，一边胳膊抬不起来", "120", "stroke", nil},
		{"我爸血压高好多年了，每天吃药，想问慢病卡怎么办", "", "", nil},
		{"去年孩子烫伤住院的钱，新农合报了一半，剩下的能不能找学校", "", "", nil},
		{"看体检报告说我有心律不齐，要不要紧", "", "", nil},
		{"我们单位组织学海姆立克急救法，哪里能请到老师", "", "", nil},
		{"夏天太热了，公交车上没空调，人都要中暑了", "", "", nil},
		{"我对象跟我闹别扭，把我的安眠药都给吃了，现在睡得叫不醒", "120", "unresponsive", []string{"110"}},
		{"隔壁大姐拿着敌敌畏瓶子对着嘴灌，我抢下来的时候已经喝进去不少", "120", "poisoning", nil},
		{"孩子把洗衣凝珠咬破了，嘴里都是泡沫，一直咳", "120", "poisoning", nil},
		{"我爷把兽药当成他的药吃了，现在手抖得厉害，直冒冷汗", "120", "poisoning", nil},
		{"饭店吃完饭我们一桌八个人都上吐下泻，有两个已经站不住了", "120", "poisoning", nil},
		{"我家孩子把感冒药当糖吃了一颗，医生说没事，就是想问药怎么放安全", "", "", nil},
		{"那家药店卖过期的安眠药，我要举报", "", "", nil},
		{"楼里的电梯一下子停在半截，我和我闺女在里面，按铃没人理", "119", "trapped", nil},
		{"孩子钻进洗衣机里玩，盖子扣上了打不开", "119", "trapped", nil},
		{"俺爹掉进红薯窖里了，底下喊不答应", "119", "confined-space", []string{"120"}},
		{"工地的钢筋笼子倒了，把一个工人扣在下面", "119", "trapped", nil},
		{"地震了，我们家房子塌了半边，我婆婆在西屋没出来", "119", "event", nil},
		{"旋转门把老太太的手夹进去了，抽不出来", "119", "trapped", nil},
		{"电梯经常停，物业说修了也不管用", "", "", nil},
		{"我家门锁坏了，我被关在门外进不去", "", "", nil},
		{"孩子的手指被门夹了一下，肿了，用不用去医院", "", "", nil},
		{"小孩在水库边上玩，脚一滑栽下去了，我们够不着", "119", "drowning", nil},
		{"船翻了，有两个人在水里抓着船底", "119", "drowning", nil},
		{"涨大水了，村里有户人家的房子被水围了，老人爬上了屋顶", "119", "flood-trapped", nil},
		{"车子开进了淹水的地下通道，水已经漫到车窗了，人还在车里", "119", "flood-trapped", nil},
		{"我儿子跟同学去河里摸鱼，一个人被水卷走了", "119", "drowning", nil},
		{"下雨把我家地下室淹了，家具都泡坏了", "", "", nil},
		{"小区的景观池子水臭了，里面还有死鱼", "", "", nil},
		{"河边的护栏断了一截，容易有人掉下去", "", "", nil},
		{"一开门就闻见一股臭鸡蛋味，婆婆躺在床上叫不醒", "119", "gas-flame", []string{"120"}},
		{"饭店后厨液化气罐着火了，火往上窜，厨师都跑出来了，还有人在里面", "119", "event", nil},
		{"加油站有辆车漏油起火了", "119", "event", nil},
		{"浴室里的燃气热水器开着，我老婆洗澡晕在里面了", "120", "co-poisoning", nil},
		{"燃气公司说要安装报警器，收费三百多，合理吗", "", "", nil},
		{"煤气罐用完了，哪里能换", "", "", nil},
		{"变压器那边砰的一声，电线掉下来搭在一个人身上", "119", "live-wire", nil},
		{"下雨天电线杆子上的线掉到水坑里了，水坑冒泡，有个老头正要从那走过去", "119", "drowning", nil},
		{"村里有人私拉电网逮野兔，一个放羊的碰上了，人倒地上了", "119", "live-wire", nil},
		{"家里跳闸了，电工说是漏电保护器太灵敏", "", "", nil},
		{"楼下的电线太乱了，跟蜘蛛网一样", "", "", nil},
		{"大货车拐弯把骑电动车的女的卷到车底下了，人还在车底下", "122", "road-collision", []string{"119"}},
		{"路口两辆车撞一块了，其中一辆车翻了，里面的人在往外爬，腿流着血", "122", "road-collision", []string{"120"}},
		{"有人开车撞了人就跑了，被撞的老头躺在马路当中，头下面一滩血", "122", "road-collision", []string{"120"}},
		{"公交车急刹车，车上好几个老人摔倒了，有一个头磕破了", "120", "bleeding", nil},
		{"我骑摩托车跟一辆拖拉机撞了，我腿动不了，在路边沟里", "122", "road-collision", []string{"120"}},
		{"停车场里有人倒车把我车撞了个坑，对方不承认", "", "", nil},
		{"十字路口天天堵车，建议交警多派人", "", "", nil},
		{"我去年出车祸留下的后遗症，能不能再申请赔偿", "", "", nil},
		{"邻居两口子打仗，男的拿皮带往女的身上抽，女的满屋子跑", "110", "armed-attack", nil},
		{"KTV门口一帮人拿着甩棍在追一个小伙子", "110", "armed-attack", nil},
		{"有个男的在超市门口拽着一个小女孩往车上拉，小女孩哭着喊不认识他", "110", "abduction", nil},
		{"我前夫踹开我家门进来了，手里拿着刀，我躲在卧室", "110", "armed-attack", nil},
		{"路边几个小混混围着一个老头拳打脚踢", "110", "violence", nil},
		{"有人拿砍刀把我们店的玻璃门砸了，还说要把我剁了", "110", "armed-attack", nil},
		{"楼上男的正在打孩子，孩子哭得喘不上气了，都打了半个多小时了", "110", "violence", []string{"120"}},
		{"孩子在学校被同学推了一下，老师没管，想问问怎么处理", "", "", nil},
		{"我看了个电视剧，里面的人拿着刀砍人，太血腥了", "", "", nil},
		{"健身房教练教我们打拳，下手太重了", "", "", nil},
		{"有个学生在教学楼五楼的走廊栏杆上坐着，脚在外面晃，老师在劝", "110", "ledge", nil},
		{"我老公爬到楼顶上去了，给我打电话说要跳", "110", "ledge", nil},
		{"一个女的站在过街天桥的护栏上，下面车来车往", "110", "ledge", nil},
		{"工地上有个讨薪的农民工爬上了塔吊，说不给钱就跳下来", "110", "ledge", nil},
		{"小区楼顶有人晒被子，护栏太矮了", "", "", nil},
		{"我家孩子老爬窗台，担心掉下去，有没有安装防护网的", "", "", nil},
		{"蹦极太刺激了，景区的安全措施怎么样", "", "", nil},
		{"俺娘在村口让一辆三轮车给带倒了，后脑勺着地，现在迷迷糊糊的", "122", "road-collision", []string{"120"}},
		{"电动车跟小汽车碰了，骑车的姑娘胳膊断了，躺在路上哭", "122", "road-collision", []string{"120"}},
		{"一辆轿车冲上人行道了，撞了好几个等公交的，有人躺着不动", "122", "road-collision", []string{"120"}},
		{"我开车撞到了路边的电线杆，副驾驶的人头上全是血，车门打不开", "122", "road-collision", []string{"120"}},
		{"小区门口出车祸了，一个送外卖的被压在车下面", "122", "event", []string{"119"}},
		{"刚刚一辆大货车把一个骑自行车的老人蹭倒了，老人的腿被轮子压了", "122", "road-collision", []string{"120"}},
		{"前面高架上翻了一辆车，车顶朝下，里面的人在喊", "122", "road-collision", []string{"119"}},
		{"俺男人骑摩托叫一辆面包车给撞飞了，人在沟里一动不动", "122", "road-collision", []string{"120"}},
		{"俺的电动车让人撞坏了，人没事，车后座都瘪了，对方不想赔", "", "", nil},
		{"前两天出的车祸，保险公司到现在还没定损", "", "", nil},
		{"我家门口这条路老是有车开得飞快，迟早要出人命", "", "", nil},
		{"俺兄弟让人拿刀捅了，肚子上一直冒血，那帮人还没走", "110", "event", []string{"120"}},
		{"隔壁那家男的又在打他老婆了，女的在喊别打了，声音都变了", "110", "violence", nil},
		{"两伙人在网吧门口干起来了，有人拿着砍刀", "110", "armed-fight", nil},
		{"我在家里，外面有人一直在砸我家的门，说要进来弄死我", "110", "threat", nil},
		{"有个男的尾随我进了楼道，现在在门外一直敲门", "110", "stalking", nil},
		{"我爸让人打得躺在地上起不来，嘴里吐血", "110", "violence", []string{"120"}},
		{"有人开着车故意往人群里冲", "110", "armed-attack", nil},
		{"邻居家两个孩子在楼下打闹，吵得睡不着", "", "", nil},
		{"我老公昨天打了我一巴掌，已经道歉了，我想咨询一下离婚", "", "", nil},
		{"楼底下电动车着火了，烟顺着楼梯往上走，我们被困在六楼", "119", "event", nil},
		{"厂里的锅炉间着火了，有个工人烧伤了，胳膊上的皮都焦了", "119", "event", []string{"120"}},
		{"村里一户人家着火，房子里有个老太太跑不出来", "119", "event", nil},
		{"饭店着火了，有个服务员被烧着了，满身是火往外跑", "119", "event", []string{"120"}},
		{"去年我家着过火，到现在房子还没修好", "", "", nil},
		{"小区楼道堆满了杂物，着了火咋办", "", "", nil},
		{"我奶奶摔倒以后就一直说胡话，叫她名字也不知道答应", "120", "unresponsive", nil},
		{"孩子发烧抽起来了，翻白眼，嘴唇都乌了", "120", "unresponsive", nil},
		{"一个老汉在田里打药，晕倒在地头，嘴里有股药味", "120", "event", nil},
		{"我老公干活时从梯子上掉下来了，后背着地，说腿没知觉了", "120", "injury", nil},
		{"我爸心脏病犯了，吃了速效救心丸也不管用，满头大汗", "120", "chest-pain", nil},
		{"老人家里吃了自己采的野蘑菇，一家三口都又吐又晕", "120", "poisoning", nil},
		{"我爸有心脏病，想问问速效救心丸医保能报吗", "", "", nil},
		{"昨天吃野蘑菇吐了一晚上，今天好多了，想举报卖蘑菇的", "", "", nil},
		{"我妹妹在电话里一直哭，说不想拖累家里，现在关机了", "110", "suicide-farewell", nil},
		{"有个男的在楼顶上来回走，嘴里念叨着要去找他死去的老婆", "110", "suicide-intent", nil},
		{"小区有个老头站在河边的台阶上，一直往水里看，问他也不说话", "110", "suicide-sign", nil},
		{"楼顶风景好，好多人上去拍照", "", "", nil},
		{"我同学宿舍里吃了一整板退烧药，现在一直吐，叫她也不理人", "120", "overdose", nil},
		{"我舅舅喝了半瓶白酒加安眠药，打呼噜叫不醒", "120", "unresponsive", nil},
		{"小孩掉进化粪池了，大人下去捞也没上来", "119", "fall-into-pit", nil},
		{"电梯掉到一楼了，里面的人喊疼，门打不开", "119", "lift-falling", nil},
		{"地下车库淹水了，有辆车里还有人，水已经到车窗了", "119", "flood-trapped", nil},
		{"高压线断了掉在麦地里，麦子着起来了，地里还有人在收麦子", "119", "live-wire", nil},
		{"一个工人在下水道里干活，上来以后就倒了，脸发紫", "120", "cyanosis", nil},
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
