package nlp

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"regexp/syntax"
	"slices"
	"strings"
	"sync"
	"testing"

	"hotline/config"
	"hotline/ticket"
)

// TestEmergencyCues classifies hand-written messages with the default
// embedded classifier: each danger to life gets 特急 and the right number,
// and each near miss (a hazard reported as a worry, a past event, a
// question about a claim, a word inside another word) does not.
func TestEmergencyCues(t *testing.T) {
	c := testEmbedded(t)
	tests := []struct {
		text, number string // "" = not an emergency
	}{
		// Fire, gas, explosion, collapse, lifts, live wires, falls: 119.
		{"楼下饭店厨房着火了，浓烟往楼上窜", "119"},
		// Bleeding, in any words.
		{"有人流血了", "120"},
		{"他头上在流血，快来人", "120"},
		{"孩子摔倒流血不止", "120"},
		{"路边有个老人大量出血", "120"},
		{"单元楼道里一股很浓的煤气味，好像是燃气泄漏了", "119"},
		{"小区门口有辆电动车在充电的时候烧起来了", "119"},
		{"化工厂储罐有氨气泄漏，味道很呛", "119"},
		{"液化气店用翻新的报废钢瓶给居民充气", "119"},
		{"我们楼的电梯突然下坠了好几层，里面还关着人", "119"},
		{"单元楼的电梯又坏了，今天早上突然从十楼往下掉", "119"},
		{"村口老桥的桥墩松动了，有坍塌的危险，每天还有学生走", "119"},
		{"隔壁老房子的墙裂了大口子，随时可能倒塌，里面还住着老人", "119"},
		{"房子塌了，有人被压在下面", "119"},
		{"山体滑坡把路埋了，有辆车被埋在下面", "119"},
		{"水库大坝出现管涌，下游村子很危险", "119"},
		{"路边一根电线掉下来了，裸露着拖在地上，小孩在旁边玩", "119"},
		{"工地脚手架倾斜得很厉害，下面就是人行道", "119"},
		{"人民路有个井盖没了，刚才有个骑车的人掉进去了", "119"},
		{"楼上有人往下扔酒瓶子，差点砸到人", "119"},
		{"河边有个小孩落水了，快来人", "119"},
		// The recall round of issue 11 item 2: dangers told without the usual
		// words, by class (an attack still going on, a weapon swung or drawn, a
		// robbery, someone at a roof's or a railing's edge, eyes rolled up, a
		// seizure, poison drunk or taken by mistake, charcoal in a closed room, a
		// limb caught, someone buried, a child locked in, gas with a welder
		// nearby, someone hurt in the road who cannot get up), and the same
		// words where nobody is in danger.
		{"广场上两个男的把一个老头按倒了还在拿脚踢他脑袋", "110"},
		{"俺们村有个人拿着砖头在砸人，被砸的那个躺在地上不动了", "110"},
		{"饭店里有人抡酒瓶子，一个服务员头上都是血", "110"},
		{"小区门口有人动刀子了，快来人", "110"},
		{"有个人被一群人追着打，跑到我们店里来了，外面那些人还堵着门", "110"},
		{"他一直在扇他老婆耳光，孩子在旁边哭", "110"},
		{"小偷抢了我的包，人就在前面那个胡同里，还没跑远", "110"},
		{"两拨人在KTV门口拿棍子互殴，有人倒下了", "110"},
		{"有个醉汉拿着菜刀在楼道里乱挥，嚷着要砍人", "110"},
		{"我老公喝多了掐着我脖子，我躲进厕所了", "110"},
		{"村里有人为了宅基地把人打得满脸是血，现在还在院子里骂", "110"},
		{"楼顶边上坐着一个人，坐了半个多小时了，叫他也不理", "110"},
		{"桥栏杆外面站着个小伙子，一动不动地往下看", "110"},
		{"对面楼有个女的坐在窗台上，腿耷拉在外面", "110"},
		{"有个老人站在天台边上，往下看，旁边没人", "110"},
		{"大桥上有个人翻过了护栏，站在外侧", "110"},
		{"我儿子在学校门口被几个人打了，鼻子一直流血", "110"},
		{"他被人用刀划了一下，胳膊上的血止不住", "110"},
		{"老板被讨债的砸破了头，血流了一脸，那几个人还在店里", "110"},
		{"俺爷爷吃着吃着饭头一歪就没反应了", "120"},
		{"我妈躺在沙发上怎么叫都叫不醒", "120"},
		{"地铁口有个人倒着，口吐白沫", "120"},
		{"孩子嘴唇发紫，喘气越来越弱", "120"},
		{"老伴一下子翻白眼，手脚冰凉", "120"},
		{"人没气了，快来救救", "120"},
		{"我爸早上起来叫了半天没反应，身子都软了", "120"},
		{"一个骑车的大姐突然从车上栽下来，躺着不动", "120"},
		{"我同学刚才喝了农药，现在肚子疼得打滚", "120"},
		{"她吃了一瓶安眠药，现在睡着叫不醒", "120"},
		{"我哥在车里烧炭，车窗都关死了", "120"},
		{"孩子把奶奶的降压药当糖吃了好几片", "120"},
		{"老头喝了半瓶敌敌畏，嘴里冒沫子", "120"},
		{"电梯卡在三楼和四楼中间，里面有老人和孩子", "119"},
		{"孩子的腿卡在铁栏杆里拔不出来了", "119"},
		{"厂里机器倒了，一个工人压在底下出不来", "119"},
		{"车翻了，人卡在车里，门打不开", "122"},
		{"孩子把自己反锁在阳台上了，才两岁，外面三十多度", "119"},
		{"河里有个孩子掉下去了，冲走了", "119"},
		{"一个人在水库里扑腾了几下沉下去了", "119"},
		{"小孩在池塘边玩掉下去了，没看见上来", "119"},
		{"洪水把一个老人冲走了，抱着一棵树", "119"},
		{"楼下冒烟了，三楼还有人没下来", "119"},
		{"隔壁屋里着了，老太太在里面出不来", "119"},
		{"厨房火苗窜到天花板了，孩子还在里屋睡觉", "119"},
		{"工厂烧起来了，楼上还有工人", "119"},
		{"车库里电动车着火了，烟往楼上冒，楼上住着人", "119"},
		{"屋里全是煤气味，我爸还在厨房点火", "119"},
		{"燃气管子漏了，楼下在电焊", "119"},
		{"高压线掉在地上了，旁边一群孩子在玩", "119"},
		{"电线断了掉在水里，有人在水里走", "119"},
		{"路口一辆车撞了人，人躺地上不动了", "122"},
		{"一辆大货车把骑电动车的撞飞了，满地都是血", "122"},
		{"两辆车撞在一起了，司机卡在车里出不来", "122"},
		{"面包车撞了个老太太，老太太躺在路中间起不来", "122"},
		{"孩子踢球的时候一直在踢别人家的门，家长也不管", ""},
		{"楼上邻居半夜还在跺脚，吵得睡不着", ""},
		{"他一直打我电话推销，怎么投诉", ""},
		{"小时候我爸经常扇我耳光，现在想起来还难受", ""},
		{"脖子被蚊子咬了一个包，社区医院能不能看", ""},
		{"领带勒得脖子难受，单位规定必须戴吗", ""},
		{"去年在村里被人打了，派出所一直没处理结果", ""},
		{"我家车被人砸了，玻璃碎了一地，监控拍到了", ""},
		{"被人打了一针狂犬疫苗，费用能报销吗", ""},
		{"我们店门口被人贴了小广告，门都被砸了个坑", ""},
		{"他把我的电动车砸坏了，要他赔钱", ""},
		{"医生说我妈得动刀子，手术费太贵了", ""},
		{"超市里有人抢购鸡蛋，挤得不行", ""},
		{"两个孩子在院子里打打闹闹，抢了我的球", ""},
		{"那个直播间说抢了他的手机号，什么意思", ""},
		{"我的手机被偷了，是上个星期的事，想问问能不能查", ""},
		{"孩子发烧，手脚冰凉，是不是要捂汗", ""},
		{"冬天手脚冰凉怎么调理", ""},
		{"我小腿抽筋抽得厉害，晚上睡不好，要补钙吗", ""},
		{"孩子抽动症眨眼睛，去哪个医院看", ""},
		{"机器的皮带僵硬了，厂家不给换", ""},
		{"老人两眼往上翻的毛病多年了，想办个残疾证", ""},
		{"我不小心误删了文件，政务网上的材料还能找回吗", ""},
		{"孩子误食了一颗口香糖，会不会有事", ""},
		{"家里用木炭烧烤，楼下邻居说烟大", ""},
		{"冬天烧炭取暖有没有补贴", ""},
		{"我的手卡在地铁闸机里了一下，现在没事了，想投诉闸机", ""},
		{"孩子把自己反锁在房间里打游戏，不出来吃饭", ""},
		{"燃气管道漏了一次，燃气公司已经修好了", ""},
		{"燃气表漏了，怎么联系燃气公司", "119"},
		{"我的钥匙掉河里了，有没有人帮忙捞", ""},
		{"楼顶边上的广告牌歪了，有点危险", ""},
		{"桥边上坐着几个钓鱼的，天天有人", ""},
		{"孩子翻过了学校的围墙去网吧，老师管不了", ""},
		{"小区的护栏被人翻过去了，物业不修", ""},
		{"腿悬在外面坐在窗台上拍照，网红都这样", ""},
		{"警察把小偷摁在地上，围观的人很多", ""},
		{"武术馆里学员正在踢沙袋，声音大", ""},
		{"抢救室里医生正在按压，我们在外面等，想问医保", ""},
		{"路口有人躺在马路上碰瓷，车都过不去", ""},
		{"厨师在厨房里抡着菜刀剁肉，声音太大了", ""},
		{"出租车行业的垄断终于被彻底打破了，希望继续深化改革", ""},
		{"刚才他被人砸破了头，那伙人还在楼下", "110"},
		// A fire told without 着火 (着了, 起了火), someone held by the current,
		// a car off the road with someone calling for help (122, not 110).
		{"后院的柴火垛着了，风还挺大", "119"},
		{"我家厨房锅里的油着了，盖不灭", "119"},
		{"对门的屋子烧起来了，火老大了", "119"},
		{"停车场一辆车着了火，旁边都是车", "119"},
		{"厂子后面的仓库起了火，烟很大", "119"},
		{"村后山上着了，火越来越大，往村子这边来了", "119"},
		{"他让电打了，倒在配电箱旁边", "119"},
		{"一个工人粘在电线上下不来，别人不敢碰", "119"},
		{"我家老头刚才吃着饭一下就说不出话了，半边脸往下耷拉", "120"},
		{"一辆三轮车被小车刮了，骑车的大爷躺在那儿起不来", "122"},
		{"一辆轿车翻下路基了，里面的人喊救命", "122"},
		{"我骑电动车被出租车碰了，腿动不了，流了很多血", "122"},
		{"孩子晚上睡着了总踢被子，着凉了怎么办", ""},
		{"炉子点着了就冒烟，是不是烟囱堵了", ""},
		{"车打着火就熄，4S店修不好", ""},
		{"他一听就着急上火，跟我吵起来", ""},
		{"家里电费被人多扣了，电力公司不管", ""},
		{"手机充电的时候被电了一下，手麻了，这个充电器是不是有问题", ""},
		{"领导因为这事发火了，把我们骂了一顿", ""},
		{"车被碰了一下，对方不愿意赔，交警怎么处理", ""},
		{"去年后山着过一次，今年防火怎么做", ""},
		{"冬天用电热毯会不会着了，想买个安全点的", ""},
		{"小孩被锁在车里，天这么热", "119"},
		// Injury and illness: 120.
		{"路边有个老人晕倒了，叫不醒", "120"},
		// 没气了 of a person, not of the gas, the heating or a tyre.
		{"我爸躺在床上好像没气了，快来人", "120"},
		{"隔壁大爷坐在门口，人好像没气了", "120"},
		{"我奶奶吃着饭，眼看着没气了", "120"},
		{"燃气没气了，燃气表显示有余额", ""},
		{"家里暖气没气了，一点都不热", ""},
		{"电动车胎没气了，哪里能打气", ""},
		{"煤气罐没气了，送气的电话打不通", ""},
		{"我爸突然心脏病发作，倒在地上不动了", "120"},
		{"孩子被邻居家的狗咬伤了，流了很多血", "120"},
		{"工地上有工人从架子上摔下来，受了重伤", "120"},
		{"家里老人煤气中毒了，人已经昏迷", "120"},
		{"高速上两车追尾，车里有人受伤了", "122"}, // and 120 in Also: TestEmergencyAlso
		// Rules added after the third held-out set's first run, for the
		// kinds of danger it missed; each is tested on other words.
		{"俺舅在院里乘凉，一下子歪倒在躺椅上，喊他不吭声", "120"},
		{"老太太瘫在地上，叫了好几声都不搭理人", "120"},
		{"工地上一个师傅中暑了，晕在脚手架底下", "120"},
		{"俺爹胸口憋得慌，疼到后背，左臂发麻，冒冷汗", "120"},
		{"三岁的孩子把一块磁铁咽下去了", "120"},
		{"吃汤圆噎住了，脸憋得通红说不出话", "120"},
		{"他在朋友圈说下辈子再见，人联系不上了", "110"},
		{"有个妇女翻到阳台外面去了，抓着栏杆在哭", "110"},
		{"有个小伙子骑在大桥栏杆外面，谁劝也不听", "110"},
		{"一个老汉拄着拐一直往水库里走", "110"},
		{"有人拿着一壶汽油堵在办公室门口，说不给说法就点火", "110"},
		// Unpaid wages are what such a danger is about, not a claim that
		// ends it; a claim of wages after an injury is over.
		{"工地老板不发工资，工人拿着刀在门口要砍人", "110"},
		{"老板不发工资，有个工人爬到塔吊上要跳下去", "110"},
		{"触电受伤的工人现在还在康复，厂里不给发工资", ""},
		{"河面上的冰裂了，一个钓鱼的人陷下去了", "119"},
		{"小孩在河边玩水，一个浪过来就不见了", "119"},
		{"断了的电线搭在自行车棚的铁架子上，棚子里都是人", "119"},
		{"楼道里呛得睁不开眼，上面的人还没下来", "119"},
		{"昨天夜里刮风把电线刮断了，现在还泡在门口的水坑里", "119"},
		{"昨天下午楼道里的电线掉下来了，刚才还在冒火花", "119"},
		// Rules added after the fourth held-out set's one run, tested on
		// other words.
		{"闺女吃了芒果过敏，脸肿起来了，说嗓子眼发紧", "120"},
		{"俺老伴有糖尿病，这会儿一身虚汗，迷迷糊糊的", "120"},
		{"搅拌机把工人的胳膊绞进去了", "120"},
		{"货车上的钢管滑下来把司机压住了", "119"},
		{"他说以后孩子就托付给我了，然后就关机了", "110"},
		{"我对花粉过敏，想问问医院哪个科能查过敏原", ""},
		{"糖尿病的药医保能报多少", ""},
		// …and their traps: a near miss, a fall told as past, a noun.
		{"插线板冒了一股烟，差点着火，这是哪个厂的产品", ""},
		{"前天晚上小区门口有人打架，今天想问问派出所处理结果", ""},
		{"昨天邻居家着火了，今天来问问能不能申请救助", ""},
		{"路口那个井盖坏了，骑车的掉进去好几回了", ""},
		{"急救车进小区的路上全是乱停的车", ""},
		{"在饭店吃饭吃出一块玻璃，老板不认账", ""},
		{"周末往水库去钓鱼的人太多，车停得乱七八糟", ""},
		{"坐在桥边上钓鱼的人把垃圾扔得到处都是", ""},
		{"站在阳台上就能看见对面工地扬尘", ""},
		// Issue 11, item 2: kinds of danger missed on unseen messages,
		// each tested on sentences written for this test.
		{"养老院后面那排平房窗户里一片红光，老人们都还在屋里睡觉", "119"},
		{"隔壁仓库窗户透出红通通的光，看门的老头住在里面", "119"},
		{"孩子哮喘犯了，喷了两下药也不管用，张着嘴直喘", "120"},
		{"我妈哮喘发作，嘴唇乌紫", "120"},
		{"老公嘴唇都青了，喘不上气", "120"},
		{"同事躺在宿舍地上，喊他名字一点反应都没有", "120"},
		{"我推开门看见舅舅倒在厨房地上，叫他不答应", "120"},
		{"朋友发来一张照片，桌上摆满了药片，说了句再见", "110"},
		{"闺蜜半夜发了一张一堆药瓶的照片，配了一句对不起大家，然后就不回消息了", "110"},
		{"我坐上出租车，司机把车门锁了，往郊区开，不让我下车", "110"},
		{"出租车司机锁了车门，一直往山里开，我女儿在车上哭", "110"},
		{"有个女的在大桥上把鞋脱了，整整齐齐放在栏杆边上", "110"},
		{"两帮人在饭店门口打起来了，有人跑回车里拿了根铁棍", "110"},
		{"村里两家打架，一个人回家拎了根钢管出来", "110"},
		{"有个年轻人蹲在五楼的空调外机上哭，谁劝也不下来", "110"},
		{"炉子生着火，屋里两口子一天没动静了", "120"},
		{"几个人围着一个小伙子打，小伙子头上全是血", "110"},
		{"醉汉拿着啤酒瓶到处砸人，有人头破了", "110"},
		{"他扬言要烧了我的车，到现在也不道歉", "110"},
		{"电线修好了没两天，今天又在冒火花", "119"},
		{"一辆渣土车把骑三轮的大爷刮倒了，人压在车轮底下", "122"},
		{"电动车跟小轿车撞了，骑车的人头上全是血", "122"},
		// …and the false alarms of the same round: a threat taken back, a
		// lesson, a repaired hazard, a smell, a demolition, a ride.
		{"前几天邻居说要烧我家房子，他已经上门道歉了，我也原谅了，这种事还要备案吗", ""},
		{"邻居扬言要烧了我的车，后来派出所调解他道歉了", ""},
		{"学校下周有个火灾逃生知识讲座，家长能不能去听", ""},
		{"孩子说学校消防员来讲着火了怎么逃生，这个课收费吗", ""},
		{"楼下电线冒火花，供电所已经派人修好了", ""},
		{"路边电线杆上的线前天打火，今天已经修好了，谢谢", ""},
		{"新买的布艺沙发散发刺鼻气味，家里人闻了头晕恶心，是不是有毒", ""},
		{"老宅门口的石狮子和墙上的石雕被拆迁队砸了，有没有人管", ""},
		{"村里正在拆祠堂，墙上的老石刻都要被推倒了", ""},
		{"网约车司机不让我在路边下车，说那里不能停", ""},
		{"我跟几个朋友在桥边脱了鞋下河摸鱼", ""},
		{"空调师傅站在空调外机上装机，没系安全绳", ""},
		{"我弟弟割腕被救回来了，住院的钱医保能不能报", ""},
		{"新买的高压锅用了一回就漏气，商家不给换", ""},
		{"小孩在屋里玩，窗帘映得红彤彤的，过年挂的灯笼真好看", ""},
		// Issue 11, item 3: the kinds set 6 missed and its kinds of false
		// alarm, each tested on sentences written for this test.
		{"俺媳妇要生了，羊水破了，叫不着车", "120"},
		{"闺女肚子一阵一阵疼，说要生了，镇上离医院远，车也没有", "120"},
		{"孩子头都出来了，还在家里炕上", "120"},
		{"他把一瓶降压药全吞了", "120"},
		{"表妹把一个月的安眠药一口气全吃了，现在说话都不清楚了", "120"},
		{"我室友把止疼药一大把吞了下去", "120"},
		{"两辆车顶在一起了，司机趴在方向盘上不动", "122"},
		{"一辆轿车撞上了路灯杆，开车的歪在驾驶座上，叫也不答应", "122"},
		{"厂子仓库那边浓烟滚滚，看仓库的老头就住在旁边的小屋里", "119"},
		{"村西头草垛子上冒烟雾，紧挨着住着一个孤寡老人", "119"},
		{"她说跟孩子一块走了算了，抱着孩子往河边去了", "110"},
		{"他在电话里说要带着儿子一起去死", "110"},
		{"有个女的背着孩子在桥边上哭，谁劝也不回家", "110"},
		{"邻居两口子正在打架，男的拿着刀", "110"},
		{"俺男人天天打我，今天又动手了", "110"},
		// …and their traps.
		{"儿媳妇下个月要生了，想问问生育保险怎么报", ""},
		{"医生开的药都吃了也不见好", ""},
		{"邻居两口子经常打架，半夜吵得睡不着", ""},
		{"这两家因为宅基地老是吵架打架，希望村里来调解", ""},
		{"化工厂烟囱天天浓烟滚滚，附近住着的人都不敢开窗", ""},
		{"俺娘瘫在床上好几年了，低保能不能办", ""},
		{"父亲瘫在床上，家庭医生签约了却从没上门", ""},
		{"小区的消防栓里一滴水都没有，真要着火了拿啥救", ""},
		{"社区能不能组织居民学学心肺复苏和急救", ""},
		{"刚才报警说着火了是孩子拿手机乱打的，没着火", ""},
		{"电线打火那个事已经好了，电工来接上了，想问问烧坏的冰箱谁赔", ""},
		{"电磁炉上的锅着火了一下，马上就灭了", ""},
		{"家里的火锅玻璃盖子突然爆炸了", ""},
		{"孩子吃了蛋糕后拉肚子，怀疑是食物中毒，蛋糕店不承认", ""},
		{"食堂好多学生食物中毒了，有的站不起来", "120"},
		{"装修队的小伙子从四楼窗台上掉下去了", "120"},
		{"俺叔喝多了躺在那儿一动不动", "120"},
		{"孙子把放在可乐瓶子里的百草枯当饮料喝了", "120"},
		{"平房进水了，水已经漫到床，瘫痪的老人还在屋里", "119"},
		{"表弟被同学骗到外地一个院子里，手机被收了，不让他出门", "110"},
		{"小作坊着火，烟越来越大，工人就睡在隔壁的工棚", "119"},
		{"宝妈抱着小娃在河堤上来回走，一直哭", "110"},
		{"那个人说全家一起走了就解脱了", "110"},
		{"网吧里一股黑烟往外涌，里面的人找不到出口", "119"},
		{"对门那个男的又在打老婆，听见她一直喊", "110"},
		{"俺爹正在院里说话，一头栽在地上了", "120"},
		{"邻居大哥倒在楼梯口，他媳妇正在给他按胸口", "120"},
		{"桥洞下面积水到脖子了，有辆车里还有人", "119"},
		{"俺爷爷趴在菜地里，旁边一大滩血", "120"},
		{"放牛的老汉在坡上被蛇咬了一口，脚脖子发黑", "120"},
		{"工友的手指头让冲床压断了", "120"},
		{"商场门口的招牌被风刮得摇摇晃晃，底下全是排队的人", "119"},
		{"他们把我捆在仓库的柱子上，我偷偷用手机打的字", "110"},
		{"弟弟说被老乡骗到柬埔寨了，护照让人收走了", "110"},
		{"老同学站在天台上给我发语音，说下辈子再做朋友", "110"},
		{"表姐在江边打电话哭着说照顾好孩子", "110"},
		{"俺大爷吃着饭筷子掉了，说看东西有重影", "120"},
		{"仓库里往外冒烟，仓库楼上是个敬老院", "119"},
		{"山坡上的石头滚下来砸在车顶上，车里还有人", "119"},
		{"半夜有个男的在踹俺家门，俺一个人在家", "110"},
		// …and their traps.
		{"广场上的大喇叭吵得人想跳楼", ""},
		{"屋里太热了，热得想死", ""},
		{"对面楼总有人往下扔瓜子皮，阳台上全是", ""},
		{"有人在群里说要弄死我，我也没当回事，就是想问问能不能查他", ""},
		{"楼道里停了好几辆电动车，俺怕起火，物业不管", ""},
		{"刚才超市门口有个大爷晕倒了，120已经拉走了，超市门口台阶太滑了", ""},
		{"饭桌的桌子腿断了", ""},
		{"导游把俺们拉到一个玉石店里，不买不让走", ""},
		{"小区门口的护栏被车撞歪了好几天了", ""},
		{"房价跌成这样，业主们都快跳楼了", ""},
		{"饭店的油烟越来越大，住在楼上的人受不了", ""},
		{"说不定哪天真着火了，楼道里那么多杂物", ""},
		{"刚才说的燃气味查过了，不是漏气，是下水道反味", ""},
		{"火锅店的锅盖自己炸了，碎玻璃崩了一桌", ""},

		// Issue 11, item 2, second round: classes of false alarm and miss
		// (set 7, now seen, and the tune part of the trap set), each tested
		// on sentences written for this test. Misses: a person near the
		// water who slipped in and struggles or is gone, a battery that
		// burst or smoke that chokes with people above, a vehicle in a
		// flood with people in it or on its roof, someone dragged under a
		// turning or reversing lorry (122), large burns, a crush, a blow from
		// a falling sign, a fire again where one was before, today after
		// yesterday.
		{"楼道里充电的电瓶突然炸了，呛得人睁不开眼，五楼的老人还没下来", "119"},
		{"商场里突然冒出很多烟，人都往外挤", "119"},
		{"河沿上钓鱼的大爷脚一滑出溜下去了，扑腾了几下就看不见了", "119"},
		{"池塘边玩的小孩栽进水里了，一直没上来", "119"},
		{"暴雨把一辆面包车冲进了河沟，里面的人在车里拍窗户", "119"},
		{"桥洞里的积水漫过了车顶，有个人趴在车顶上喊", "119"},
		{"渣土车倒车把骑车的老太太卷到车底下了，腿被轮子压着", "122"},
		{"孩子打翻了一锅开水，烫得胸口皮都掉了", "120"},
		{"厨房油锅着了，他被火烧得半边脸都黑了", "119"},
		{"楼顶掉下来一块广告牌，砸在下面等公交的人身上", "119"},
		{"广场上人太多，发生踩踏了，有人倒在地上", "120"},
		{"上次着过火的那个仓库又着火了，里面还有人", "119"},
		{"昨天还能说话，今天早上叫他一点反应都没有", "120"},
		// …and false alarms: an event some time ago (前阵子), its costs and
		// who pays, a hypothetical (真有个, 早晚, 迟早, 假设), a topic
		// (关于), a smell checked and found harmless, an animal as the
		// victim, a video or a live stream, a tree already fallen with
		// nobody under it, the people of a whole town "who cannot live", a
		// threat nobody means, a hazard already fixed.
		{"前阵子对门家的热水器炸了，我家门被崩坏了，现在想找物业", ""},
		{"前一阵村里的变压器着火了，烧坏了我家电视，供电所该不该赔", ""},
		{"几天前厂里的锅炉爆炸了，工友的医药费老板一直拖着", ""},
		{"物业把楼道的灭火器都收走了，真有个着火的时候拿什么灭", ""},
		{"这段路没有路灯，早晚出车祸", ""},
		{"那个司机天天超速，迟早撞死人", ""},
		{"假设电梯掉下去了，里面的人怎么自救", ""},
		{"我想写一篇关于溺水急救的小文章，去哪里找资料", ""},
		{"晚上闻到液化气味，燃气公司的师傅来查了说没事了", ""},
		{"楼下说闻到煤气味，物业检查过了，不是煤气，是下水道反味", ""},
		{"我家狗被电动车撞死了，车主不肯赔", ""},
		{"村里的疯狗见人就扑，刚才被村民打死了，大家都放心了", ""},
		{"我家的猫从楼上摔下来了，还能救吗", ""},
		{"有人在快手上直播喝农药，平台怎么不管", ""},
		{"那个车祸视频在群里传疯了，能不能删", ""},
		{"路边倒了一棵大树，把半条路都堵了", ""},
		{"菜价涨得老百姓都活不下去了", ""},
		{"他在群里说要弄死我，其实就是嘴上说说", ""},
		{"电线冒火花的事电工已经来过了，拧紧了接头", ""},
		{"屋里一股煤气味，是不是燃气泄漏了，有没有漏气啊", "119"}, // a question is no answer
		{"对面楼有户人家阳台上红光一闪一闪，他家瘫痪的老太太自己在家", "119"},
		{"他把安眠药吃了一大把，现在说话含含糊糊", "120"},
		{"修下水道的工人下到窨井里半天没动静，上面的人喊也不应", "119"},
		{"单位门口的台阶坏了一块，好几个人都被绊倒了", ""},
		{"据说西边那个小区有人跳楼了，物业是不是该加护栏", ""},
		// Told second hand, but someone is in danger now.
		{"听说三楼着火了，里面还有人没出来", "119"},
		{"听说有个小孩掉进河里了，快来人", "119"},
		{"据说楼顶有人要跳楼，现在还在上面", "110"},
		{"这家的麻辣烫辣得人喘不上气，太过瘾了", ""},
		{"公园长椅上躺着个喝多的大哥，他媳妇已经来接走了", ""},
		{"同学在游戏里说要杀了我，我妈以为是真的", ""},
		{"楼下一个大哥喝多了躺在地上，叫他一点反应都没有", "120"},

		// Violence, threats, suicide: 110.
		{"有人在小区门口持刀砍人", "110"},
		{"我老公喝醉了又在家暴我，我很害怕", "110"},
		{"有个人站在天台上说要跳楼", "110"},
		{"我实在活不下去了，不想活了", "110"},
		{"债主天天上门恐吓，扬言要弄死我全家", "110"},
		{"有人撬门入室盗窃，小偷还在屋里", "110"},
		// Traffic: 122.
		{"古槐路和建设路路口发生车祸，有人被撞倒在地", "122"},

		// Issue 11: danger to a person told without the usual words.
		{"隔壁门缝往外冒黑烟，老人在里面敲门没人应", "119"},
		{"我老婆在卫生间倒下了，脸发紫，叫不应", "120"},
		{"楼顶边上坐着个小伙子，说要跳下去", "110"},
		{"小区3号楼着火了，有人被困", "119"},
		{"仓库里冒出来好大的烟，看门的大爷还在里头没出来", "119"},
		{"出租屋窗户往外冒浓烟，里面好像还有个孩子在哭", "119"},
		{"俺妈喝了农药，现在嘴里吐白沫", "120"},
		{"他吞了一整瓶安眠药，拍他脸也没反应", "120"},
		{"我爸在厕所里晕过去了，怎么叫都叫不醒", "120"},
		{"孩子吃东西卡住了，脸都憋紫了，喘不上气", "120"},
		{"俺爷爷突然说不出话，半边身子动不了", "120"},
		{"他手上割了个大口子，血止不住", "120"},
		{"我真的不想活了，今晚就从楼上跳下去", "110"},
		{"她说要去河边跳河，电话打不通了", "110"},
		{"有个人爬到桥栏杆外面站着哭，看样子要往下跳", "110"},
		{"他要喝药死给我看，药都买回来了", "110"},
		{"有人拿着棍子在小区里追着人打", "110"},
		{"我被他们关在屋里出不去，手机快没电了", "110"},
		{"电梯停在五楼和六楼中间，里面有个孕妇", "119"},
		{"沟塌了，有个工人被压在底下出不来", "119"},
		{"小孩掉到河里了，冲走了", "119"},
		{"刮大风把高压线刮断了，掉在地上直冒火花", "119"},
		{"屋里一股煤气味，他还在厨房开火做饭", "119"},
		{"一辆面包车撞了护栏，司机卡在驾驶室里出不来", "122"}, // and 119 in Also

		// Issue 11: words of danger, no danger now.
		{"去年俺家着火的火灾事故认定书在哪里开", ""},
		{"叫一次救护车要多少钱，收费标准是什么", ""},
		{"上个月被人打了，想调取派出所的出警记录", ""},
		{"我爸前年喝过农药，抢救过来了，现在想申请低保", ""},
		{"楼顶没有护栏，万一有人跳下去怎么办", ""},
		{"电视里说有人跳楼了，是真的吗", ""},
		{"这么多电费真是要把人吓晕倒了", ""},
		{"老百姓叫天天不应，喊地地不灵", ""},
		{"我父亲在医院抢救无效去世了，医院要负责任", ""},
		{"游乐场的跳楼机是不是特种设备", ""},
		{"楼道里堆了纸箱子，要是着火了人都跑不出去", ""},
		{"电梯经常卡在半中间，物业也不修", ""},
		{"公园的池塘边没有护栏，建议安装，防止小孩掉水里", ""},
		{"请问煤气中毒了应该怎么急救，想学一下", ""},
		{"买的电暖器用了两天就冒烟了，商家不给退", ""},

		// Near misses.
		{"消防通道被占，担心会着火", ""},
		{"小区楼道堆满杂物，万一着火怎么办", ""},
		{"楼道里电线老化，存在火灾隐患", ""},
		{"物业通知下周开展防火检查", ""},
		{"单位组织消防演练，模拟起火逃生", ""},
		{"燃气费太贵了，一个月两百多", ""},
		{"想咨询一下燃气泄漏报警器在哪里买", ""},
		{"去年我们小区着过一次火", ""},
		{"电梯经常坏，上个月还困过人", ""},
		{"刚才路口两辆车追尾了，没有人受伤", ""},
		{"交通事故责任认定书在哪里领", ""},
		{"上班路上被车撞了，算不算工伤，怎么申请工伤认定", ""},
		{"我们村的危房改造补助什么时候发", ""},
		{"兖州小孟镇俺家老房子下雨塌了，想申请农村危房改造", ""},
		{"马路中间塌了个洞，需要赶紧处理", ""},
		{"路灯坏了，晚上走路怕摔倒", ""},
		{"医院急救中心电话是多少", ""},
		{"这家店跳楼价甩卖，是不是虚假宣传", ""},
		{"小区里有人遛狗不拴绳，担心咬伤小孩", ""},
		{"建议学校加强防溺水安全教育", ""},
		{"我想了解一下心脏病患者的医保报销政策", ""},
		{"客服说已处理，多次拨打人工服务都没人接", ""},
		{"日本产纳豆说能治中风、偏瘫、心梗、脑梗，是虚假广告", ""},
		{"今天在公交车上晕倒的大爷，司机师傅停车帮忙照顾，特别感谢这位司机", ""},
		// Clause frames (issue 11 item 2, third round): an onset is no past
		// (三天前开始), a rumour of what someone is about to do is still 110, a
		// comparison, a feeling's degree, a lesson, a long illness with nothing
		// new, nobody hurt, animals killed, a past act and children at play are
		// not a danger now; a drill's setting with a real fire is.
		{"三天前开始发烧，现在叫不醒了", "120"},
		{"三天前开始发烧，叫不醒了", "120"},
		{"从昨天起他就一直抽搐，喊他也不答应", "120"},
		{"三周前摔了一跤，现在又倒在卫生间叫不醒", "120"},
		{"救护车来之前他又晕倒了一次，现在叫不醒", "120"},
		{"听说楼顶有人要跳楼", "110"},
		{"听说西边小区昨天有人跳楼了，是真的吗", ""},
		{"打架了要不要报警", "110"},
		{"他天天喝酒开快车，早晚要出车祸", ""},
		{"关于火灾逃生的作文怎么写", ""},
		{"这个充电宝热得像要炸了一样，商家说是正常的", ""},
		{"那个停车收费简直是抢劫，一小时十块", ""},
		{"他气得要杀人，被我劝住了，想问问车被划了怎么索赔", ""},
		{"急得我都要晕倒了，办个证跑了五趟", ""},
		{"领导骂起人来跟要打人似的", ""},
		{"考驾照要学交通事故急救吗，在哪报名", ""},
		{"孩子学校让学溺水自救，哪里能报名", ""},
		{"学游泳的时候孩子沉下去了，救上来没有呼吸", "120"},
		{"我有哮喘好多年了，阴天下雨就喘不上气，想问医保能不能报雾化", ""},
		{"俺爹瘫痪多年，今天突然叫不醒了", "120"},
		{"哮喘十几年了，刚才突然喘不上气，嘴唇发紫", "120"},
		{"大风把广告牌刮倒了，没砸着人，谁来收拾", ""},
		{"院墙塌了，人都没事，房东也不管", ""},
		{"墙塌了，一个工人被压在下面出不来", "119"},
		{"猪圈塌了，砸死了三头猪，想问有没有补助", ""},
		{"羊棚着火了，火还在烧，烧死了十几只羊", "119"},
		{"之前小区有人跳楼，物业到现在也不装护栏", ""},
		{"之前他就自杀过一次，现在又站到楼顶边上哭", "110"},
		{"消防演练的时候真着火了，教学楼里还有学生", "119"},
		{"这不是演习，实验室起火了，里面还有人", "119"},
		{"学校组织消防演练，模拟起火逃生", ""},
		{"两个小孩在院里玩打仗，一个喊要杀了你", ""},
		{"燃气费怎么这么高，是不是表漏气了", ""},
		{"孩子在学校被同学打了一拳，脸上青了一块，老师不管", ""},
		{"他又拿着皮带抽我，我躲在厕所里不敢出来", "110"},
		{"孩子脸色发青，喘不上气，快来人", "120"},
		// A degree of any verb but a sign's, things broken, a comparison that
		// names a film, a threat to kill whenever, a person after a dog.
		{"上个月刚做完手术，现在伤口一直往外冒血，止不住", "120"},
		{"如果再不来人，屋里的老人就出不来了，楼道里全是烟", "119"},
		{"就像电影里演的一样，对面厂房着火了，火苗子窜得老高，工人还在往外跑", "119"},
		{"他说早晚要杀了我，现在就在我家门口踹门", "110"},
		{"三天前被狗咬了没打针，今天开始怕水怕风，人一直抽搐", "120"},
		{"我觉得他快不行了，脸色发紫，喘不上气", "120"},
		{"疼得他快要晕过去了，肚子上全是血", "120"},
		{"俺村前些年有个人在水库里淹死了，现在水库边上还是没有警示牌", ""},
		{"我考了急救员证，想问问能不能在社区当志愿者", ""},
		{"孩子写作业磨蹭得我快要心梗了", ""},
		{"俺家的小轿车停在路边被大货车撞瘪了，人不在车上，肇事司机跑了", ""},
		{"小区里的自行车棚塌了，砸坏了好几辆车", ""},
		{"有条狗被卡在栏杆里了，一直在叫，谁能来帮忙弄出来", ""},
		{"开锁师傅撬门收了三百，这个价格合理吗", ""},
		{"楼道里全是烟头，保洁也不扫", ""},
		// Revived, tested for a claim, that time, a group's hardship, a threat
		// called a bluff, a rumour online; a child carried off.
		{"孩子溺水救过来以后一直有点怕水，哪里有心理辅导", ""},
		{"被打伤了去医院验伤，验伤报告多久能出来", ""},
		{"俺姐生孩子那会儿大出血，现在孩子都上小学了，想问问二胎政策", ""},
		{"老板扣工资扣得跟割肉一样，我们都快活不下去了", ""},
		{"他嘴上老说要跟我同归于尽，其实就是吓唬人，我就想问离婚怎么起诉", ""},
		{"我在微博上看到有人说万达那边有人持刀伤人，是真的假的", ""},
		{"那个人说要是不给钱就把孩子带走，现在已经把孩子抱上车了", "110"},
		{"他喝醉了说要跟我同归于尽，现在拿着刀在门口", "110"},
		{"孩子溺水了，救上来以后一直没醒", "120"},
		// The false-alarm round of issue 11 item 2 (fa), by frame: a turn
		// (没想到, 这回, 刚才) after a sentence's news, claim or drill starts
		// what happens now; a sudden onset after a lesson's or a drill's word
		// makes it the setting; someone still missing beats a "nobody hurt";
		// a feeling's degree whose cue opens with a wish (烦得人想死) and a
		// smell that chokes are figures; a topic right after a cue (火灾逃生),
		// a procedure (补办, 哪里办), a clip seen online, a recovery after the
		// cue (缓过来了), a fall into water told in the past, a collapse that
		// lost only things, a cue asked about in general (中毒后应该怎么处理)
		// and an apology made (道了歉) are no danger now.
		{"电视上演过这种事，谁知道真让我碰上了，公交车上一个大爷倒在地上叫不醒", "120"},
		{"上回的医药费还没报下来，这回他又口吐白沫了", "120"},
		{"在驾校上安全课，一个学员突然抽搐倒地了", "120"},
		{"下午社区急救培训，老师教我们怎么给晕倒的人做心肺复苏", ""},
		{"房子塌了，幸好没砸着路过的人，可是还有一个人没出来", "119"},
		{"楼下KTV天天唱到后半夜，烦得人想死", ""},
		{"垃圾站的臭味熏得人喘不上气，夏天窗户都不敢开", ""},
		{"化工厂飘过来的味道熏得人喘不上气，好几个老人都晕倒了", "120"},
		{"火灾逃生路线图应该贴在哪里", ""},
		{"房子着火烧掉的户口本怎么补办", ""},
		{"车祸以后驾驶证被扣了，去哪办手续拿回来", ""},
		{"刷到一个视频，说咱们这有人被砍了，官方也没通报", ""},
		{"老爷子刚才头晕倒在地上，扶起来歇了一会儿缓过来了，想问问社区医院几点开门", ""},
		{"吃了药好多了，可是刚才又倒在地上了，叫不醒", "120"},
		{"前几年有个孩子掉进那个水塘里淹死了，到现在塘边也没个护栏", ""},
		{"去年那个水塘就淹死过人，刚刚又有个孩子掉进水塘里了", "119"},
		{"连着下了几天雨，村里的旧牛棚塌了，里面的草料全毁了", ""},
		{"牛棚塌了，喂牛的老汉被压在下面", "119"},
		{"想问一下煤气中毒后应该怎么处理", ""},
		{"我爸煤气中毒了以后一直没醒，该怎么办", "120"},
		{"他喝多了说要弄死我，第二天酒醒了上门道了歉", ""},
		// A word of now (现在) after a claim; a drill that is over; what a
		// claim is worth (赔多少), what comes after a cue (以后的), a thief
		// gone, a farm animal hit, a rumour with who told it (听…说), a curse
		// (恨不得) are no danger now.
		{"理赔的事先放一放，我儿子现在口吐白沫了", "120"},
		{"演练早就结束了，二楼冒黑烟了，还有人没出来", "119"},
		{"骑电动车被车撞伤了，对方应该赔多少？", ""},
		{"请问被困电梯以后的投诉找哪个部门", ""},
		{"小区车库被人撬门进去偷了两辆电动车，人早跑了", ""},
		{"国道上一头黄牛被车撞了，横在路中间", ""},
		{"听楼下几个老太太说东边那栋楼有人跳楼了，不知道真假", ""},
		{"他恨不得我被车撞死，天天在村里骂我", ""},
		// A story dated in a sentence of its own (前天发生的), a question for
		// later (只是问问), a threat on a condition (谁再…就), dust that
		// chokes, a quarrel made up (不过…和好了), the current cut (拉了闸), a
		// collapse measured in pieces, a state told with nobody there (幸好
		// …没人), a comparison inside a pattern's match.
		{"楼下有人晕倒了没人管，太冷漠了，前天发生的", ""},
		{"前天发生的事先不说，刚才我妈又晕倒了", "120"},
		{"煤气泄漏了咋整？只是问问", ""},
		{"俺爹喘不上气，家里没备着药，快来人", "120"},
		{"业主群里有人说谁再堵消防通道就放火烧车", ""},
		{"施工的粉尘大得呛得人喘不上气，晚上也干", ""},
		{"男的老说要弄死她，不过每次第二天就和好了", ""},
		{"插座漏电，刚才拉了闸，等电工来", ""},
		{"村里的土路被雨水冲塌了好几段", ""},
		{"招牌掉下来砸穿了车棚，幸好车棚里没人", ""},
		{"这破电梯一开就咣当一声，跟要坠落似的", ""},
		// A year in words, a settlement out of court (私了), a worry opening
		// its clause (怕), learning ahead (提前了解), the weather's degree, a
		// pole a vehicle broke with nobody hurt, a fire burnt out, a mistake
		// (以为), a reading back to normal, a boast (吹牛).
		{"二零一九年我在菜市场门口被车撞了，到现在还没赔", ""},
		{"孩子被电动车撞了以后对方想私了，要注意什么", ""},
		{"怕孩子溺水，村里的坑塘能不能都围起来", ""},
		{"有人触电了应该先做什么？提前了解一下", ""},
		{"三伏天热得人喘不过气，环卫工能不能早点收工", ""},
		{"小区门口的红绿灯杆让车撞歪了，斜在路边", ""},
		{"路边一辆废弃的面包车着火了，没人，已经烧完了", ""},
		{"我还以为对面楼着火了，原来是夕阳照在玻璃上", ""},
		{"老人刚才说心慌，量了血压吃了药，现在正常了", ""},
		{"他喝多了说要砍死老板，就是吹牛", ""},
		{"怕是不行了，我爸现在叫不醒，嘴唇发紫", "120"},
		{"我还以为是饮料，孩子把一瓶农药喝了一口，现在一直吐", "120"},
		// How to face a danger (应对), a fight whose people went away (就走
		// 了), a bite of an animal (咬伤了两只鸡), what choked come out; an
		// apology or a danger over said before a turn does not keep the model
		// from what comes after it.
		{"社区能不能讲讲遇到入室抢劫怎么应对", ""},
		{"小区门口刚才有两拨人打架，骂了几句就走了，地上扔了一堆烟头", ""},
		{"黄鼠狼夜里咬伤了俺家两只鸡", ""},
		{"老人吃饭噎住了，拍了几下背咳出来了，现在能说话", ""},
		{"老人吃饭噎住了，拍了几下背也没咳出来，脸都紫了", "120"},
		{"他因为打人被拘留了十天，出来以后找不到工作", ""},
		{"他打人被拘留过，今天出来了，现在又拿着刀在我家门口砸门", "110"},
		// Fortunately nobody, nobody hurt said apart, a person come down, a
		// rumour heard from others; a man with a machete calling, smoke with
		// someone not down, a swimmer going under, a stiff tongue.
		{"村里的机井塌了，好在是个废井，没人用，得填上", ""},
		{"暴雨把俺家的院墙冲倒了，墙倒在菜地里，人都在屋里没事", ""},
		{"那个说要跳楼讨薪的工人，包工头已经把钱给了，人也下来了", ""},
		{"听别人说东关那边有人被车撞了，是不是那个路口又出事了", ""},
		{"之前报过警，他今天又来了，在楼下拿着砍刀喊我名字", "110"},
		{"物业说是误报的那个报警器，现在楼道里真的冒烟了，还有人没下来", "119"},
		{"河里有人在喊救命，像是游泳抽筋了，人一沉一浮的", "119"},
		{"跟平时不一样，我爸今天说话舌头发硬，一边手拿不住东西", "120"},
		{"仓库又烧起来了，火越来越大，里面还有两个看门的", "119"},
		// Issue 11 item 2, fourth false-alarm round: traps by class, learnt by
		// the veto through emergency_veto.jsonl (threats said for years and
		// never carried out, play and pretence, a label's or a notice's
		// warning, a saying corrected, questions about what someone said,
		// the past and its bills), each class with dangers of the same words.
		{"我家老头子一喝酒就说要拿斧子劈了邻居，说了二十年了，邻居都笑他，就是想问问戒酒门诊在哪", ""},
		{"隔壁婶子跟她儿媳吵架老爱说我非砸死你不可，从没真砸过，就是吵得楼道里都听得见", ""},
		{"我那个同事嘴上天天挂着信不信我弄死你，口头禅而已，领导也不管，工作氛围太差", ""},
		{"俺舅喝多了总嚷着要点了村委会，年年都这么说，村里没人当真，能不能让村里给他找个活干", ""},
		{"我对象生气就说要开车撞死那个老板，都是气头上的话，一次也没干过，我想问问心理咨询哪里有", ""},
		{"那个讨债的打电话老说要卸我一条腿，打了半年电话也没见人来，我想问问催收这样合法吗", ""},
		{"老公脾气不好，吵架时总说掐死你，结婚十年从来没动过手，想咨询婚姻家庭辅导", ""},
		{"俩孩子在院里玩打仗游戏，一个装死躺地上，一个喊快叫救护车，邻居还以为出事了", ""},
		{"学校排练话剧，有一场是着火逃生，演员在台上喊救命，想问问剧场租金多少", ""},
		{"小孩拿水枪玩抢银行的游戏，喊着不许动打劫，物业说影响其他住户", ""},
		{"隔壁孩子用手机外放短视频，里面一直喊着火了快跑，吵得人心烦", ""},
		{"密室逃脱店里演员装鬼追人，吓得我闺女哭着喊救命，这种店有没有年龄限制", ""},
		{"网红在河边摆拍视频，假装落水喊救命，围观的人都以为是真的，这种摆拍管不管", ""},
		{"取暖器外壳上贴着倾倒可能引发火灾的标签，可这个取暖器倒了也不断电，是不是质量不合格", ""},
		{"买的高压锅说明书写着排气孔堵塞会爆炸，可送的配件根本对不上型号，商家不给退", ""},
		{"燃气热水器上贴着通风不良会导致一氧化碳中毒的提示，房东装在了卫生间里，这合规吗", ""},
		{"这个电热毯厂家发了召回通知，说温控器故障可能烫伤人，我在哪里退", ""},
		{"农药瓶上写着剧毒误服致死，可店里就这么摆在饮料旁边卖，太不像话了", ""},
		{"电动车电池上写着严禁私自改装否则有起火风险，可修车铺天天给人改装，有人查吗", ""},
		{"孩子玩具说明书写着小零件有窒息危险，三岁以下禁用，可幼儿园还发给小班，合适吗", ""},
		{"我儿子回家说同学讲要把老师捅了，我问了班主任，说是孩子之间瞎说的，想问问学校该怎么教育", ""},
		{"邻居大妈逢人就说我家要着火，就因为我家阳台晾了几件衣服挨着灯，能不能来个人给评评理", ""},
		{"群里有人转发说今晚水库要决堤，我问了水利局说是谣言，这种造谣的谁管", ""},
		{"我奶奶总跟街坊说她被人下毒了，其实她有老年痴呆，想问问认知障碍的老人能不能住养老院", ""},
		{"孩子日记里写今天我差点被车撞死，问了才知道是过马路时被喇叭吓了一跳，想请交警在学校门口站岗", ""},
		{"电话里那人自称是民警说我涉嫌洗钱要我转账，我没转，是不是骗子，去哪报备", ""},
		{"我想问问，网上那个说喝酒后吃头孢会死人的说法是不是真的", ""},
		{"社区通知说燃气泄漏要先开窗不能开灯，我想问问抽油烟机能不能开", ""},
		{"天气预报说明天有雷暴大风，工地的塔吊要不要停，谁来管", ""},
		{"电视上说冬天烧炭取暖容易中毒，俺爹非说没事，社区能来宣传宣传吗", ""},
		{"小区贴了告示说最近有人冒充燃气公司上门，想问问真的燃气公司上门带什么证件", ""},
		{"想问问拨打119报假警要负什么责任", ""},
		{"想问问被蛇咬了应该先绑腿还是先送医院，村卫生室有没有抗蛇毒血清", ""},
		{"前年俺村着火烧了三间房，保险理赔到现在没下来", ""},
		{"上礼拜俺家孩子被开水烫了，住院花了八千，新农合能报多少", ""},
		{"我哥去年在工地上摔断了胳膊，老板给了五千块就不管了，后续治疗谁出", ""},
		{"三年前我让人砍过一刀，现在阴天下雨伤口还疼，能评伤残吗", ""},
		{"我家老头子喝了酒拿着斧子去砍邻居家门了，邻居在屋里喊救命", "110"},
		{"讨债的那几个人堵在我家门口，说要卸我一条腿，拿着钢管砸门", "110"},
		{"老公喝多了真掐我脖子了，我跑出来了，他在后面追", "110"},
		{"俩孩子在院里玩，一个从假山上掉下来，躺地上不动了，头上出血", "120"},
		{"孩子们玩捉迷藏，一个小孩钻进了洗衣机里，盖子扣上打不开了", "119"},
		{"拍视频的那个网红真掉河里了，在水里扑腾，喊救命没人敢下去", "119"},
		{"取暖器倒了把地毯点着了，火挺大，俺娘腿脚不好还在屋里", "119"},
		{"高压锅在灶上炸了，锅盖崩到我妈脸上，满脸是血", "119"},
		{"孩子把农药当饮料喝了两口，一直吐，嘴里有股药味", "120"},
		{"修车铺改装的电动车在楼道里充电起火了，楼上的人下不来", "119"},
		{"三岁孩子把玩具小零件吸到嗓子里了，憋得脸发紫", "120"},
		{"我儿子说同学拿刀把老师捅了，老师倒在教室里流了好多血", "110"},
		{"我奶奶说她心口疼得厉害，满头大汗，手捂着胸口说不出话", "120"},
		{"我老公喝完酒吃了头孢，浑身起疹子喘不上气", "120"},
		{"蛇咬了俺爹的脚脖子，腿肿得老粗，人开始迷糊了", "120"},
		{"村里着火了，火烧到第三间房了，里头还有个老太太", "119"},
		{"工地上有人从架子上摔下来了，胳膊都变形了，疼得直打滚", "120"},
		{"雷暴大风把工地塔吊吹倒了，砸在工棚上，里面有工人", "119"},
		// A counterfactual (真着火了都没法用) and a prank found out (结果是有人恶作
		// 剧), with dangers told with 真 or after a false alarm.
		{"我们小区的AED除颤仪放在物业办公室锁着，真有人心脏骤停了根本拿不到，能不能挪到大门口", ""},
		{"我们楼下的消防栓被人偷了水带，真着火了都没法用，请消防部门来看看", ""},
		{"电影院放电影的时候有人喊着火了，大家都往外跑，结果是有人恶作剧，这种人怎么处理", ""},
		{"老小区的楼道窄得只能过一个人，真有人晕倒了担架都抬不下来，咋办", ""},
		{"楼顶那个水箱盖子一直没锁，真有孩子掉进去了谁负责", ""},
		{"商场里警报突然响了，广播说着火了让疏散，后来说是误报，空跑一趟", ""},
		{"演练的时候真着火了，火都窜到二楼了，还有人没下来", "119"},
		{"物业说是误报，可现在楼道里真的冒烟了，呛得人睁不开眼，楼上还有老人", "119"},
		{"刚才有人喊救命，原来是有个孩子掉进了化粪池，大人正在往上拉", "119"},
		{"真有人晕倒了，就在超市门口，脸色发白，快叫救护车", "120"},
		// A threat to come and kill tonight or at once, told without 要
		// (threat); the same words in a TV series or a joke at work.
		{"他在电话里说今晚就过来砍死我们全家，我现在带着孩子躲在屋里", "110"},
		{"那个讨债的发微信说明天就上门弄死我，他上个月已经来砸过一回门了", "110"},
		{"我前夫刚才打电话说今晚就来弄死我，他以前就打过我，我现在一个人在家", "110"},
		{"电视剧里那个坏人说今晚就来弄死他，演得真吓人，这种剧孩子能看吗", ""},
		{"我们组长开会老说今天干不完就去宰了你们，都是玩笑话，就是想反映加班太多", ""},
		// Play, a label or a saying as the setting of a real danger.
		{"演员排练的时候从台上摔下来了，一动不动，后脑勺出血", "120"},
		{"拍短视频的小伙子假装落水，结果真被水冲走了，在河中间扑腾", "119"},
		{"孩子们在院里过家家，一个小孩真吃了半瓶消毒液，现在一直吐", "120"},
		{"剧组在老街拍戏用的烟饼把旁边民房点着了，屋里有个老太太出不来", "119"},
		{"我爸总说心口疼，其实这回是真疼，满头大汗喘不上气", "120"},
		{"闺女跟小朋友玩开火车的游戏，从上铺栽下来了，头磕在暖气片上血流不止", "120"},
		{"幼儿园搞消防游戏时，后厨真着火了，孩子们都在二楼", "119"},
		{"说明书写着不能加热，我妈用微波炉热了，刚才炸开了，烫得她满手起泡", "120"},
		// A danger ended by those there, told after it in a message without
		// punctuation: the smell gone, the missing back (issue 11 item 2,
		// the rules' false alarms by kind in the writers' cross-validation).
		{"刚才楼道里一股煤气味 俺把阀门关了开窗通风 现在没味了 想叫燃气公司来查查", ""},
		{"刚才孩子找不着了 急死了 后来在超市找回来了 想说小区门口监控该修了", ""},
		{"刚才一股煤气味 现在没味了 可俺妈晕倒在厨房里叫不醒", "119"},
		{"刚才厨房一股煤气味，现在没味了，俺爸躺地上喊不应", "119"},
		{"孩子找回来了 可是浑身是血 一直哭", "120"},
		{"煤气味越来越大 阀门关了还是有味 楼里还有人", "119"},
		{"孩子在公园里找不着了 找了一个小时了 才四岁", "110"},
		// Put out by those there, the trapped let out, nobody hurt in a crash.
		{"刚才场院里一堆玉米秸着起来了 几个邻居拿水泼灭了 麦场边上能不能放个灭火器", ""},
		{"刚才厨房锅里的油着了，俺拿锅盖盖灭了，就是墙熏黑了，物业给不给刷", ""},
		{"刚才三号楼电梯困人了 物业来把人放出来了 这个月第二回了 得换电梯", ""},
		{"刚才路口两辆车追尾 下来看了人都好好的 正吵架呢 堵了一长溜", ""},
		{"柴火垛着起来了 泼灭了又着了 火苗窜到房檐了 屋里还有俺奶奶", "119"},
		{"电梯困人了 到现在还没人来 里面的老人说喘不上气", "119"},
		{"两辆车追尾了 后车司机头撞到玻璃上 满脸是血 叫不醒", "122"},
		// A person fine before the danger (刚才人好好的) does not end it; fine
		// after it, with no danger sign after, does.
		{"俺家孩子人好好的，刚才被邻居家的狗咬了一大口，血止不住", "120"},
		{"两辆车撞了，刚才人好好的，现在司机趴在方向盘上不动了", "122"},
		{"路口两辆车撞了，本来人好好的，这会儿司机满头是血，喊不应", "122"},
		{"早上出门的时候人好好的，下午在工地上从架子上摔下来了，头上全是血", "120"},
		{"电动车和面包车撞了，骑车的人好好的，过了一会儿倒在地上抽搐", "122"},
		{"小区门口两辆车撞了 下车一看人都好好的 就是车头瘪了 等交警来定责", ""},
		{"我的车在路口被一辆货车撞了，还好人好好的，保险公司怎么还不来", ""},
		// The false alarms by class, the evening round: 救命 sighed over a
		// chore or cried in a game, a wire whose power is cut; beside each,
		// the danger told in the same words.
		{"救命啊 医保卡的密码输错三次给锁住了 去哪解", ""},
		{"救命 单位的打卡系统又崩了 一上午都登不上", ""},
		{"救命 有个男的从超市一直跟着我 我不敢回家", "110"},
		{"救命啊 俺被关在仓库里了 外面有人拿刀", "110"},
		{"救命 我家着火了 出不去", "119"},
		{"隔壁几个娃玩打坏人的游戏 天天喊救命 吵得俺孙子睡不着", ""},
		{"几个孩子在河边玩 有一个掉水里了 在喊救命", "119"},
		{"楼下有个女的一直喊救命 听着像是被人打了", "110"},
		{"大风把路边的电线刮断了 耷拉在地上 电工来了先把电掐了 啥时候能修好", ""},
		{"配电箱冒了一阵烟 物业已经断电了 现在整栋楼黑着 啥时候来电", ""},
		{"大风把电线刮断了 耷拉在地上还冒火花 一整条街都停电了", "119"},
		{"电线刮断了掉在地上 已经停电了 可俺家老头刚才碰上了 倒在那不动", "119"},
		{"电线掉在地上冒火花 小孩要从那过 快断电", "119"},
		// Figures of wanting to die, a feeling's degree with 到, a habit
		// called poisoning, blood of a costume, a threat never acted on, a
		// question for later, a worry typed without punctuation.
		{"隔壁天天半夜唱歌 俺想跳楼的心都有了 能不能管管", ""},
		{"商场门口大喇叭天天喊跳楼价 吵得人头疼", ""},
		{"儿子说他想跳楼 刚才把自己锁在屋里 窗户开着", "110"},
		{"办个证跑了八趟 气到快吐血 到底要啥材料", ""},
		{"俺爹刚才突然吐血 吐了一大口 脸都白了", "120"},
		{"孩子刷短视频中毒了 一天刷八个钟头 咋办", ""},
		{"孩子误喝了洗衣液 好像中毒了 一直吐", "120"},
		{"漫展上好几个人扮成丧尸 脸上全是血 吓哭俺家孩子了", ""},
		{"楼上那个男的喝了酒就说要拿刀砍人 从来没动过手 就是吓人 派出所能不能管", ""},
		{"楼上那个男的以前光说要拿刀砍人 从来没动过手 这回真拿着刀在砸俺家门", "110"},
		{"俺想记一下 煤气中毒了该打哪个电话", ""},
		{"村口那口井没盖盖子 天黑看不见 怕有人掉进去", ""},
		{"村口那口井没盖盖子 有个孩子掉进去了 在下面哭", "119"},
		// Cries in a game, a sagging wire, a farm animal fallen in.
		{"几个孩子在院里玩消防员的游戏 一会喊着火了一会喊救命 吵得人头疼", ""},
		{"孩子们在院里玩 突然喊着火了 柴火垛真冒烟了", "119"},
		{"俺庄里的电线耷拉得老低 拉粮食的车过不去 让供电所来拉一拉", ""},
		{"电线耷拉在地上 孩子们在旁边玩", "119"},
		{"俺家的羊掉进机井里了 咩咩叫 谁能帮着弄上来", ""},
		{"俺家孩子掉进机井里了 在下面哭", "119"},
		// Pinned under the vehicle it rode in: a crash with someone trapped.
		{"前面一辆三轮车拐弯翻了 坐车上的大爷压在车斗底下 喊不出声", "122"},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			r, err := c.Classify(context.Background(), tt.text)
			if err != nil {
				t.Fatal(err)
			}
			switch {
			case tt.number == "" && (r.Emergency != nil || r.Urgency == ticket.UrgencyEmergency):
				t.Errorf("urgency %s, emergency %+v; want no emergency", r.Urgency, r.Emergency)
			case tt.number != "" && (r.Emergency == nil || r.Urgency != ticket.UrgencyEmergency):
				t.Errorf("urgency %s, no emergency; want 特急 and %s", r.Urgency, tt.number)
			case tt.number != "" && r.Emergency.Number != tt.number:
				t.Errorf("emergency %s (cue %q), want %s", r.Emergency.Number, r.Emergency.Cue, tt.number)
			case r.Emergency != nil && !strings.Contains(r.Emergency.Reply, r.Emergency.Number):
				t.Errorf("reply %q does not name %s", r.Emergency.Reply, r.Emergency.Number)
			case r.Emergency != nil && (r.Emergency.Rule == "" || r.Emergency.Cue == "" || !strings.Contains(tt.text, r.Emergency.Cue)):
				t.Errorf("emergency %+v does not say which rule fired on which of the citizen's words", r.Emergency)
			}
		})
	}
}

// TestEmergencyAlso checks the number and the other numbers named when a
// danger has a cause and a victim: a road accident with someone hurt or
// trapped is the traffic police's (122) with 120 or 119 also called, a
// fight with someone bleeding is the police's (110) with 120 also called,
// and a fire stays 119 whatever else is said.
func TestEmergencyAlso(t *testing.T) {
	c := testEmbedded(t)
	tests := []struct{ text, number, also string }{
		{"高速上两车追尾，车里有人受伤了", "122", "120"},
		{"一辆面包车撞了护栏，司机卡在驾驶室里出不来", "122", "119"},
		// An attacker who hurt someone: the police first, 120 for the injured.
		{"我儿子在学校门口被几个人打了，鼻子一直流血", "110", "120"},
		{"他被人用刀划了一下，胳膊上的血止不住", "110", "120"},
		{"老板被讨债的砸破了头，血流了一脸，那几个人还在店里", "110", "120"},
		{"饭店里有人抡酒瓶子，一个服务员头上都是血", "110", "120"},
		{"村里有人为了宅基地把人打得满脸是血，现在还在院子里骂", "110", "120"},
		{"俺们村有个人拿着砖头在砸人，被砸的那个躺在地上不动了", "110", "120"},
		{"一个人骑摩托抢了老人的包，老人被拽倒了，头上磕出血", "110", "120"},
		{"面包车撞了个老太太，老太太躺在路中间起不来", "122", "120"},
		{"我骑电动车被出租车碰了，腿动不了，流了很多血", "122", "120"},
		// The first number with the others needed: 120 for someone hurt in a
		// fire or a collapse, 110 for a suicide attempt.
		{"楼里着火了，有个老人被烟熏得叫不醒", "119", "120"},
		{"房子塌了，俺叔被压在下面出不来，头上一直流血", "119", "120"},
		{"她吃了一瓶安眠药，还说不想活了", "120", "110"},
		// A vehicle in the water: the water rescue leads.
		{"一辆小轿车从堤上冲进河里了，车在往下沉，里面的人在拍玻璃", "119", ""},
		{"一辆渣土车把骑三轮的大爷刮倒了，人压在车轮底下", "122", "119"},
		{"电动车跟小轿车撞了，骑车的人头上全是血", "122", "120"},
		{"几个人围着一个小伙子打，小伙子头上全是血", "110", "120"},
		{"有人在砸俺家的门，俺爹开门的时候被砸伤了，头上一直流血", "110", "120"},
		{"有人在小区门口持刀砍人", "110", ""},
		{"路口发生车祸，车着火了，司机还在里面", "119", ""},
		{"他手上割了个大口子，血止不住", "120", ""},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			r, err := c.Classify(context.Background(), tt.text)
			if err != nil {
				t.Fatal(err)
			}
			if r.Emergency == nil {
				t.Fatalf("no emergency, want %s", tt.number)
			}
			var also []string
			for _, a := range r.Emergency.Also {
				also = append(also, a.Number)
				if a.Rule == "" || a.Cue == "" || !strings.Contains(tt.text, a.Cue) {
					t.Errorf("also %+v does not say which rule fired on which words", a)
				}
			}
			if r.Emergency.Number != tt.number || strings.Join(also, " ") != tt.also {
				t.Errorf("emergency %s also %q (%+v), want %s also %q", r.Emergency.Number, also, r.Emergency, tt.number, tt.also)
			}
		})
	}
}

// govDangerIDs are the messages of the gov-messages test split that
// describe a danger to life, found by reading all 274 of them: each must
// get 特急.
var govDangerIDs = map[string]string{
	"tipdm2020c-11574":  "retired workers still live in a dangerous building: walls badly cracked, balconies about to fall (摇摇欲坠)",
	"tipdm2020c-138105": "coal mining cracked the houses and sank the ground; villagers live in them afraid they collapse (住危房)",
	"tipdm2020c-168987": "brick-and-timber dangerous houses, still lived in, sway since piling began next door (摇摇欲坠，十分危险)",
	"tipdm2020c-17350":  "high-rise windows keep bursting; glass falls and hurts people below, children may fall out (玻璃坠地伤人)",
	"tipdm2020c-145175": "a lift in use keeps dropping suddenly and shaking (多次发生突然下坠)",
	"tipdm2020c-12468":  "a village school building is a dangerous house; wind and rain may injure pupils (有打伤学生的危险)",
	"tipdm2020c-159501": "workers still live in a dangerous building whose cracks keep growing as the ground sinks (仍住在危房里)",
}

// maxGovFalseAlarms bounds the messages of the test split flagged 特急
// without a danger to life: 2% of the 267 others (3 when the person rules
// were added; 9 before the death, list and noun checks): an emergency jumps
// the agents' queue, so false alarms must stay rare.
const maxGovFalseAlarms = 5

// TestEmergencyNeverMissedGovTest classifies the title and text of every
// real citizen message in the gov-messages test split with the default
// embedded classifier: every message that describes a danger to life gets
// 特急 with an emergency number, and few others do. The cue rules were
// tuned on the train and dev splits only.
func TestEmergencyNeverMissedGovTest(t *testing.T) {
	msgs := readGovMessages(t, govTestFile)
	if len(msgs) != 274 {
		t.Fatalf("%s has %d messages, want 274", govTestFile, len(msgs))
	}
	results := classifiedGovTest(t)
	seen, falseAlarms := 0, 0
	for _, m := range msgs {
		r := results[m.ID]
		why, danger := govDangerIDs[m.ID]
		flagged := r.Urgency == ticket.UrgencyEmergency && r.Emergency != nil
		switch {
		case danger:
			seen++
			if !flagged {
				t.Errorf("%s (%s): urgency %s, want 特急: %s", m.ID, m.Title, r.Urgency, why)
			} else if !slices.Contains([]string{"110", "119", "120", "122"}, r.Emergency.Number) {
				t.Errorf("%s: emergency number %q", m.ID, r.Emergency.Number)
			}
		case flagged:
			falseAlarms++
			t.Logf("false alarm %s (%s): %s, cue %q", m.ID, m.Title, r.Emergency.Number, r.Emergency.Cue)
		}
	}
	if seen != len(govDangerIDs) {
		t.Errorf("found %d of the %d listed messages", seen, len(govDangerIDs))
	}
	if falseAlarms > maxGovFalseAlarms {
		t.Errorf("%d false alarms in %d messages, want at most %d", falseAlarms, len(msgs)-len(govDangerIDs), maxGovFalseAlarms)
	}
}

// govMessage is one line of the gov-messages data set.
type govMessage struct {
	ID    string `json:"id"`
	Title string `json:"title"`
	Text  string `json:"text"`
}

// govTestFile is the test split of the gov-messages data set (real,
// anonymised citizen messages to a city government; see its README).
var govTestFile = filepath.Join("..", "..", "shared", "data", "gov-messages", "test.jsonl")

func readGovMessages(t *testing.T, path string) []govMessage {
	t.Helper()
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		t.Skipf("gov-messages data set not found at %s (it is not part of the repository)", path)
	}
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []govMessage
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
	for sc.Scan() {
		var m govMessage
		if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		out = append(out, m)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestRequiredLiterals checks the prefilter of the emergency patterns: the
// words it derives from a pattern are found in every text the pattern
// matches, and every built-in pattern has some (else it runs on every text).
func TestRequiredLiterals(t *testing.T) {
	tests := []struct {
		expr    string
		matches []string
		want    []string // nil = cannot tell
	}{
		{`随时[^，]{0,6}(倒塌|坍塌)`, []string{"随时可能倒塌", "随时坍塌"}, []string{"随时"}},
		{`(电线|电缆|线路)[^，]{0,6}(裸露|外露)`, []string{"电线裸露", "电缆都外露", "线路裸露"}, []string{"裸露", "外露"}},
		{`(电线|电缆|电箱)[^，]{0,6}漏电`, []string{"电线漏电", "电箱也漏电"}, []string{"漏电"}},
		{`(电线|电缆|电箱)[^，]{0,6}(裸露|外露|打火)`, []string{"电箱打火"}, []string{"电线", "电缆", "电箱"}},
		{`(住|住着|居住)[^，]{0,8}危(房|楼)`, []string{"住着危房", "居住的是危楼"}, []string{"危房", "危楼"}},
		{`(想|要)去?(跳楼|跳河|上吊)`, []string{"想跳楼", "要去跳河", "想上吊"}, []string{"跳楼", "跳河", "上吊"}},
		{`(有|存在)[^，]{0,6}(砸伤|触电)[^，]{0,8}危险`, []string{"有砸伤学生的危险", "存在触电危险"}, []string{"危险"}},
		{`[^，]{0,6}(a|b)?`, []string{"随便"}, nil},
		{`(?i)fire`, []string{"FIRE"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.expr, func(t *testing.T) {
			tree, err := syntax.Parse(tt.expr, syntax.Perl)
			if err != nil {
				t.Fatal(err)
			}
			got := requiredLiterals(tree)
			if !slices.Equal(slices.Sorted(slices.Values(got)), slices.Sorted(slices.Values(tt.want))) {
				t.Errorf("requiredLiterals = %q, want %q", got, tt.want)
			}
			re := regexp.MustCompile(tt.expr)
			for _, m := range tt.matches {
				if !re.MatchString(m) {
					t.Fatalf("%q does not match", m)
				}
				if got != nil && !containsAny(m, got) {
					t.Errorf("%q matches but contains none of %q", m, got)
				}
			}
		})
	}
	for _, d := range append(slices.Clip(emergRuleDefs), personRuleDefs...) {
		tree, err := syntax.Parse(d.expr, syntax.Perl)
		if err != nil {
			t.Fatalf("%s: %v", d.expr, err)
		}
		if requiredLiterals(tree) == nil {
			t.Errorf("no required words in %s: it runs on every text", d.expr)
		}
	}
}

// TestEmergencyHostile runs the emergency rules on long texts made to be
// slow: cues everywhere that are all discounted, with and without
// punctuation, and pattern words everywhere.
func TestEmergencyHostile(t *testing.T) {
	x := testExtractor(t)
	tests := []struct {
		name, text string
		none       bool // every cue in the text is discounted
	}{
		{"negated events", strings.Repeat("不要打人，", 3000), true},
		{"negated injuries", strings.Repeat("没有人晕倒，", 2000), true},
		{"conditional states", strings.Repeat("万一电线掉落，", 2000), true},
		{"no cue", strings.Repeat("小区门口烧烤摊占道经营油烟很大，", 3500), true},
		{"no punctuation", strings.Repeat("打人事件", 3000), false},
		{"pattern words", strings.Repeat("电线电梯危房随时威胁钢瓶井盖", 1000), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			em := x.Emergency(tt.text)
			if tt.none && em != nil {
				t.Errorf("Emergency = %+v, want none", em)
			}
		})
	}
}

// TestEmergencyRepliesFromConfig checks that the reply to an emergency is
// the config's: a city's own reply, or for a number its config does not
// list, the default config's, never a text of the code.
func TestEmergencyRepliesFromConfig(t *testing.T) {
	cfg := *testConfig(t)
	cfg.Emergency = []config.Emergency{{Number: "119", Reply: "本市火警：请立即拨打119！", Cues: []string{"着大火"}}}
	x := NewExtractor(&cfg)
	if em := x.Emergency("楼下着火了"); em == nil || em.Reply != "本市火警：请立即拨打119！" {
		t.Errorf("119: %+v, want the city's reply", em)
	}
	def, err := config.Default()
	if err != nil {
		t.Fatal(err)
	}
	want := ""
	for _, e := range def.Emergency {
		if e.Number == "120" {
			want = e.Reply
		}
	}
	if em := x.Emergency("有人晕倒了，叫不醒"); em == nil || em.Number != "120" || em.Reply != want {
		t.Errorf("120: %+v, want the default config's reply %q", em, want)
	}
}

// TestEmergencyExamples classifies every message of the emergency example
// set with the whole classifier (rules and model): each danger is flagged
// and each message labelled none is not.
func TestEmergencyExamples(t *testing.T) {
	c := testEmbedded(t)
	f, err := os.Open("examples/emergency.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		var e struct{ Text, Emergency string }
		if err := json.Unmarshal(sc.Bytes(), &e); err != nil {
			t.Fatalf("emergency.jsonl:%d: %v", n, err)
		}
		r, err := c.Classify(context.Background(), e.Text)
		if err != nil {
			t.Fatal(err)
		}
		switch flagged := r.Emergency != nil && r.Urgency == ticket.UrgencyEmergency; {
		case e.Emergency != "" && !flagged:
			t.Errorf("emergency.jsonl:%d: not flagged, want %s: %s", n, e.Emergency, e.Text)
		case e.Emergency == "" && flagged:
			t.Errorf("emergency.jsonl:%d: flagged %s (%s, %q), want none: %s", n, r.Emergency.Number, r.Emergency.Rule, r.Emergency.Cue, e.Text)
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
}

// TestEmergencyRuleLabels checks that every rule the emergency classifier
// can name (Emergency.Rule) has a zh-CN name in the default config's
// console_labels.emergency_rules, and that the table names no rule that
// does not exist (a city's misspelt key is rejected by config check).
func TestEmergencyRuleLabels(t *testing.T) {
	cfg, err := config.Default()
	if err != nil {
		t.Fatal(err)
	}
	labels := config.LabelMap(cfg.ConsoleLabels.EmergencyRules)
	rules := map[string]bool{RuleEvent: true, RuleState: true, RuleModel: true, RuleRoadCollision: true, RuleSymptoms: true}
	for _, d := range append(slices.Clip(emergRuleDefs), personRuleDefs...) {
		rules[d.name] = true
	}
	for rule := range rules {
		if labels[rule] == "" {
			t.Errorf("rule %q has no name in console_labels.emergency_rules", rule)
		}
	}
	for rule := range labels {
		if !rules[rule] {
			t.Errorf("console_labels.emergency_rules names %q, which is no rule", rule)
		}
	}
}

// govTestResults holds the embedded classifier's results on the
// gov-messages test split (title and text, by message id), classified once
// for the tests that read it.
var govTestResults struct {
	once sync.Once
	res  map[string]Result
	err  error
}

// classifiedGovTest classifies the gov-messages test split once per test
// binary and gives each message's result by its id.
func classifiedGovTest(t *testing.T) map[string]Result {
	t.Helper()
	msgs := readGovMessages(t, govTestFile)
	c := testEmbedded(t)
	govTestResults.once.Do(func() {
		govTestResults.res = map[string]Result{}
		for _, m := range msgs {
			r, err := c.Classify(context.Background(), m.Title+"\n"+m.Text)
			if err != nil {
				govTestResults.err = fmt.Errorf("%s: %w", m.ID, err)
				return
			}
			govTestResults.res[m.ID] = r
		}
	})
	if govTestResults.err != nil {
		t.Fatal(govTestResults.err)
	}
	return govTestResults.res
}
