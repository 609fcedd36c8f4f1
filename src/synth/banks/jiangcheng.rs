//! The bank of the synthetic city 江城市 (the one detection is tuned on):
//! districts and streets, estates and roads, categories with their wording,
//! departments, class-case themes and letter phrases.
//!
//! Texts are built from templates whose slots (`{estate}`, `{road}` …) are
//! filled per ticket, so two tickets of one category share vocabulary but
//! rarely a whole sentence, as in real exports.
use crate::synth::bank::*;

pub const DISTRICTS: &[District] = &[
    District {
        name: "城东区",
        weight: 1.6,
        streets: &["东门街道", "解放路街道", "新华街道", "朝阳街道", "长青街道"],
    },
    District {
        name: "城西区",
        weight: 1.4,
        streets: &["西关街道", "文昌街道", "桥西街道", "五里墩街道"],
    },
    District {
        name: "江北区",
        weight: 1.2,
        streets: &["江北街道", "观音桥街道", "华新街道", "大石坝街道"],
    },
    District {
        name: "高新区",
        weight: 1.0,
        streets: &["科技城街道", "软件园街道", "石羊街道"],
    },
    District {
        name: "南湖区",
        weight: 0.9,
        streets: &["南湖街道", "金湖街道", "白沙街道", "青年路街道"],
    },
    District {
        name: "青山区",
        weight: 0.7,
        streets: &["青山街道", "红卫路街道", "钢花街道"],
    },
    District {
        name: "经开区",
        weight: 0.6,
        streets: &["经开街道", "龙潭街道", "新港镇"],
    },
    District {
        name: "临江县",
        weight: 0.5,
        streets: &["城关镇", "临江镇", "双河镇", "白马乡"],
    },
];

pub const COMMUNITY_SUFFIXES: &[&str] = &["社区", "社区", "社区", "村"];
pub const COMMUNITY_STEMS: &[&str] = &[
    "和平", "幸福", "光明", "建设", "团结", "新村", "红星", "民主", "东风", "向阳", "桂花", "柳林",
];

pub const ESTATES: &[&str] = &[
    "阳光花园",
    "锦绣华庭",
    "翠湖苑",
    "金色家园",
    "幸福里小区",
    "滨江一号",
    "和平新村",
    "紫荆公寓",
    "香樟园",
    "世纪城",
    "春江郦城",
    "碧水蓝天",
    "万家丽园",
    "御景湾",
    "凤凰城",
    "书香门第",
    "江南名府",
    "东方明珠花园",
    "绿地新都会",
    "清华园",
    "丽景苑",
    "海棠湾",
    "怡和家园",
    "枫林绿洲",
    "金地格林小城",
    "水岸星城",
    "桃源居",
    "新城国际",
    "荷塘月色",
    "天悦府",
];

/// Name stems for the many ordinary places of a city (estates, roads,
/// markets, schools, companies) beside the well-known ones listed here.
pub const PLACE_STEMS: &[&str] = &[
    "金桂", "银杏", "玉兰", "翠竹", "青松", "红枫", "紫薇", "丁香", "芙蓉", "碧桂", "锦江", "天河",
    "星河", "云山", "明月", "朝阳", "东湖", "西湖", "南山", "北辰", "龙湾", "凤栖", "麒麟", "嘉禾",
    "华府", "盛世", "恒泰", "万和", "保安", "中兴", "融汇", "绿洲", "金茂", "龙潭", "招贤", "雅居",
    "康乐", "福寿", "安居", "永宁",
];
pub const ESTATE_SUFFIXES: &[&str] = &[
    "花园", "家园", "小区", "华庭", "苑", "公寓", "新村", "名苑", "雅苑", "府", "城", "湾",
];
pub const ROAD_SUFFIXES: &[&str] = &["路", "街", "大道", "东路", "西路", "北路"];
pub const MARKET_SUFFIXES: &[&str] = &["农贸市场", "菜市场"];
pub const SCHOOL_SUFFIXES: &[&str] = &["小学", "中学", "实验学校"];
pub const COMPANY_SUFFIXES: &[&str] = &["建筑公司", "劳务公司", "装饰公司", "物流公司", "餐饮公司"];

pub const ROADS: &[&str] = &[
    "人民路",
    "解放大道",
    "中山路",
    "建设路",
    "长江路",
    "黄河路",
    "新华路",
    "文化路",
    "胜利路",
    "友谊大道",
    "光明街",
    "和平路",
    "学府路",
    "滨江大道",
    "科技大道",
    "南湖大道",
    "青年路",
    "北京路",
    "环城东路",
    "工业大道",
];

pub const MARKETS: &[&str] = &[
    "东门农贸市场",
    "西关菜市场",
    "江北综合市场",
    "南湖生鲜市场",
    "青山农贸市场",
];
pub const SCHOOLS: &[&str] = &[
    "第一实验小学",
    "育才中学",
    "江城外国语学校",
    "南湖小学",
    "高新第二中学",
    "青山中学",
];
pub const HOSPITALS: &[&str] = &[
    "市第一人民医院",
    "市中医院",
    "城东区人民医院",
    "市妇幼保健院",
    "江北区中心医院",
];
pub const COMPANIES: &[&str] = &[
    "宏达建筑公司",
    "鑫源劳务公司",
    "华美装饰公司",
    "顺达物流公司",
    "金鼎餐饮公司",
    "优学教育培训中心",
    "美家家政公司",
];
pub const SHOPS: &[&str] = &[
    "烧烤店",
    "KTV",
    "麻将馆",
    "小吃店",
    "汽修店",
    "健身房",
    "酒吧",
    "火锅店",
];
pub const BUS_LINES: &[&str] = &["1路", "5路", "12路", "23路", "36路", "108路", "K2路"];

pub const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "胡", "朱", "高", "林",
    "何", "郭", "马", "罗",
];
pub const GIVEN: &[&str] = &[
    "伟", "芳", "娜", "敏", "静", "强", "磊", "洋", "艳", "勇", "军", "杰", "娟", "涛", "明", "超",
    "秀英", "建华", "志强", "桂兰",
];

/// Boilerplate call-takers put in front of the content.
pub const OPENERS: &[&str] = &[
    "市民来电反映：",
    "来电人反映：",
    "市民反映：",
    "来电人称：",
    "",
    "",
    "",
];
/// Boilerplate at the end.
pub const CLOSERS: &[&str] = &[
    "请相关部门尽快处理。",
    "要求相关部门核实处理。",
    "希望尽快解决。",
    "请核实处理。",
    "",
    "望职能部门督促解决。",
];

const C: [f64; 5] = [0.80, 0.08, 0.05, 0.03, 0.04];
const Q: [f64; 5] = [0.10, 0.15, 0.70, 0.05, 0.00];
const H: [f64; 5] = [0.30, 0.55, 0.10, 0.05, 0.00];

pub const CATEGORIES: &[Category] = &[
    Category {
        name: "城市管理",
        weight: 1.4,
        department: "市城市管理局",
        department_alias: "市城管局",
        subs: &[
            Sub {
                name: "占道经营",
                weight: 1.2,
                kinds: C,
                peak_months: &[5, 6, 7, 8],
                handling_days: 3.0,
                templates: &[
                    "{road}与{road2}交叉口有流动摊贩占道经营，堵塞人行道，行人只能走机动车道，存在安全隐患。",
                    "{estate}小区门口每天傍晚有商贩占道摆摊卖水果蔬菜，垃圾乱扔，车辆无法通行。",
                    "{market}周边商户把货物摆到人行道上经营，占道严重，已经反映多次没有改善。",
                ],
                titles: &[
                    "{road}占道经营",
                    "{estate}门口流动摊贩占道",
                    "{market}周边占道经营",
                ],
            },
            Sub {
                name: "违章搭建",
                weight: 0.7,
                kinds: [0.5, 0.05, 0.1, 0.05, 0.3],
                peak_months: &[],
                handling_days: 10.0,
                templates: &[
                    "{estate}{building}栋顶楼住户私自加盖阳光房，属于违章搭建，影响楼上楼下安全。",
                    "{estate}一楼业主在绿化带上私自搭建围墙和棚子，侵占公共绿地。",
                ],
                titles: &["{estate}顶楼违章搭建", "{estate}侵占绿地违建"],
            },
            Sub {
                name: "渣土车撒漏",
                weight: 0.5,
                kinds: C,
                peak_months: &[3, 4, 10, 11],
                handling_days: 2.0,
                templates: &[
                    "{road}夜间有渣土车通行，沿途撒漏泥土，白天尘土飞扬，路面很脏。",
                    "{road}工地渣土车未覆盖篷布，带泥上路，造成扬尘污染。",
                ],
                titles: &["{road}渣土车撒漏", "渣土车带泥上路"],
            },
        ],
    },
    Category {
        name: "生态环境",
        weight: 1.2,
        department: "市生态环境局",
        department_alias: "市环保局",
        subs: &[
            Sub {
                name: "噪音扰民",
                weight: 1.4,
                kinds: C,
                peak_months: &[6, 7, 8],
                handling_days: 3.0,
                templates: &[
                    "{estate}旁边的工地每天晚上{hour}点以后还在施工，噪音很大，严重影响居民休息。",
                    "{road}{shop}每天营业到凌晨，音响声音很大，噪音扰民，附近居民无法入睡。",
                    "{estate}{building}栋楼下商铺装修噪音扰民，周末一大早就开始电钻作业。",
                ],
                titles: &[
                    "{estate}夜间施工噪音扰民",
                    "{road}{shop}噪音扰民",
                    "{estate}装修噪音",
                ],
            },
            Sub {
                name: "油烟污染",
                weight: 0.7,
                kinds: C,
                peak_months: &[6, 7, 8, 9],
                handling_days: 5.0,
                templates: &[
                    "{estate}{building}栋楼下{shop}没有安装油烟净化设备，油烟直排进居民家中。",
                    "{road}沿街餐饮店油烟直排，气味很大，窗户都不敢开。",
                ],
                titles: &["{shop}油烟直排", "{road}餐饮油烟扰民"],
            },
            Sub {
                name: "异味废气",
                weight: 0.5,
                kinds: C,
                peak_months: &[],
                handling_days: 5.0,
                templates: &[
                    "{street}附近的工厂夜间偷排废气，刺鼻异味，居民头晕恶心。",
                    "{estate}附近垃圾中转站臭味很大，夏天尤其严重。",
                ],
                titles: &["{street}工厂偷排废气", "{estate}垃圾站异味"],
            },
        ],
    },
    Category {
        name: "住房物业",
        weight: 1.3,
        department: "市住房和城乡建设局",
        department_alias: "市住建局",
        subs: &[
            Sub {
                name: "物业服务",
                weight: 1.0,
                kinds: C,
                peak_months: &[],
                handling_days: 7.0,
                templates: &[
                    "{estate}物业不作为，小区垃圾清运不及时，楼道卫生无人打扫。",
                    "{estate}物业公司擅自提高停车费，业主不同意，物业不给说法。",
                ],
                titles: &["{estate}物业不作为", "{estate}物业擅自涨停车费"],
            },
            Sub {
                name: "电梯故障",
                weight: 0.6,
                kinds: H,
                peak_months: &[],
                handling_days: 3.0,
                templates: &[
                    "{estate}{building}栋电梯经常故障，今天又困人了，老人上下楼很困难，要求尽快维修。",
                    "{estate}{building}栋电梯停运{n}天了，物业说在等配件。",
                ],
                titles: &["{estate}电梯故障", "{estate}{building}栋电梯停运"],
            },
            Sub {
                name: "房屋漏水",
                weight: 0.5,
                kinds: H,
                peak_months: &[5, 6, 7],
                handling_days: 10.0,
                templates: &[
                    "{estate}{building}栋顶楼房屋漏水，开发商保修期内不予维修。",
                    "{estate}外墙渗水，下雨时家里墙面发霉。",
                ],
                titles: &["{estate}房屋漏水", "{estate}外墙渗水"],
            },
            Sub {
                name: "物业费",
                weight: 0.4,
                kinds: [0.5, 0.0, 0.4, 0.1, 0.0],
                peak_months: &[1, 12],
                handling_days: 7.0,
                templates: &[
                    "{estate}物业费收费标准不透明，咨询物业费收取依据。",
                    "{estate}物业以不交物业费为由停水停电，是否合法。",
                ],
                titles: &["{estate}物业费收费", "物业费纠纷"],
            },
        ],
    },
    Category {
        name: "交通出行",
        weight: 1.0,
        department: "市交通运输局",
        department_alias: "市交通局",
        subs: &[
            Sub {
                name: "公交服务",
                weight: 0.8,
                kinds: [0.6, 0.0, 0.2, 0.2, 0.0],
                peak_months: &[],
                handling_days: 5.0,
                templates: &[
                    "{bus}公交车在{road}站经常不停靠，乘客等了半小时都坐不上车。",
                    "建议增开{bus}公交车的早班车，{street}居民上班不方便。",
                ],
                titles: &["{bus}公交不停靠", "建议增开{bus}早班车"],
            },
            Sub {
                name: "停车难",
                weight: 0.7,
                kinds: [0.5, 0.1, 0.1, 0.3, 0.0],
                peak_months: &[],
                handling_days: 7.0,
                templates: &[
                    "{estate}周边停车位严重不足，车辆乱停乱放，消防通道被堵。",
                    "{hospital}门口停车难，车辆排队占用{road}一条车道。",
                ],
                titles: &["{estate}停车难", "{hospital}周边停车难"],
            },
            Sub {
                name: "出租车网约车",
                weight: 0.5,
                kinds: C,
                peak_months: &[1, 2, 10],
                handling_days: 5.0,
                templates: &[
                    "在{road}打车，出租车司机拒载还绕路，车牌号已记下。",
                    "网约车司机中途加价，不按导航路线行驶。",
                ],
                titles: &["出租车拒载绕路", "网约车乱加价"],
            },
        ],
    },
    Category {
        name: "市政设施",
        weight: 1.0,
        department: "市市政设施管理处",
        department_alias: "市政处",
        subs: &[
            Sub {
                name: "路灯不亮",
                weight: 0.6,
                kinds: H,
                peak_months: &[11, 12, 1],
                handling_days: 3.0,
                templates: &[
                    "{road}{n}号附近路灯不亮已经一周了，晚上行人看不清路。",
                    "{estate}门口到{road}一段路灯全部不亮，存在安全隐患。",
                ],
                titles: &["{road}路灯不亮", "{estate}门口路灯不亮"],
            },
            Sub {
                name: "道路破损",
                weight: 0.7,
                kinds: H,
                peak_months: &[3, 4],
                handling_days: 7.0,
                templates: &[
                    "{road}路面坑洼不平，下雨积水，电动车容易摔倒。",
                    "{road}人行道地砖松动破损，老人差点绊倒。",
                ],
                titles: &["{road}路面破损", "{road}人行道破损"],
            },
            Sub {
                name: "井盖缺失",
                weight: 0.3,
                kinds: H,
                peak_months: &[],
                handling_days: 1.0,
                templates: &[
                    "{road}与{road2}路口井盖缺失，非常危险，请尽快处理。",
                    "{estate}门口井盖破损下沉，车辆经过声音很大。",
                ],
                titles: &["{road}井盖缺失", "{estate}井盖破损"],
            },
            Sub {
                name: "下水道堵塞",
                weight: 0.5,
                kinds: H,
                peak_months: &[6, 7, 8],
                handling_days: 3.0,
                templates: &[
                    "{estate}下水道堵塞，污水外溢，臭气熏天。",
                    "{road}雨水井堵塞，一下雨就积水。",
                ],
                titles: &["{estate}下水道堵塞", "{road}积水"],
            },
        ],
    },
    Category {
        name: "水电气暖",
        weight: 1.1,
        department: "市水务集团",
        department_alias: "水务集团",
        subs: &[
            Sub {
                name: "停水",
                weight: 0.7,
                kinds: H,
                peak_months: &[7, 8],
                handling_days: 1.0,
                templates: &[
                    "{estate}从早上开始停水，没有提前通知，什么时候恢复供水？",
                    "{estate}{building}栋水压太低，高层住户用不上水。",
                ],
                titles: &["{estate}停水", "{estate}水压低"],
            },
            Sub {
                name: "停电",
                weight: 0.5,
                kinds: H,
                peak_months: &[7, 8],
                handling_days: 1.0,
                templates: &[
                    "{estate}突然停电，家里老人需要用氧气机，请尽快恢复供电。",
                    "{street}频繁停电，一天停了三次。",
                ],
                titles: &["{estate}突然停电", "{street}频繁停电"],
            },
            Sub {
                name: "供暖不热",
                weight: 0.8,
                kinds: C,
                peak_months: &[11, 12, 1, 2],
                handling_days: 3.0,
                templates: &[
                    "{estate}{building}栋暖气不热，室温只有{n}度，家里有老人孩子。",
                    "{estate}供暖温度不达标，交了取暖费却不热。",
                ],
                titles: &["{estate}暖气不热", "{estate}供暖不达标"],
            },
        ],
    },
    Category {
        name: "劳动保障",
        weight: 0.9,
        department: "市人力资源和社会保障局",
        department_alias: "市人社局",
        subs: &[
            Sub {
                name: "拖欠工资",
                weight: 1.0,
                kinds: [0.7, 0.25, 0.05, 0.0, 0.0],
                peak_months: &[1, 2, 12],
                handling_days: 10.0,
                templates: &[
                    "在{company}工作，公司拖欠工资{n}个月，老板一直推脱不给。",
                    "在{estate}工地干活，{company}拖欠农民工工资，共{n}人未拿到工钱。",
                ],
                titles: &["{company}拖欠工资", "{estate}工地拖欠农民工工资"],
            },
            Sub {
                name: "社保缴纳",
                weight: 0.6,
                kinds: Q,
                peak_months: &[],
                handling_days: 5.0,
                templates: &[
                    "{company}没有给员工缴纳社保，咨询如何维权。",
                    "咨询灵活就业人员社保缴费标准和办理流程。",
                ],
                titles: &["{company}未缴社保", "灵活就业社保咨询"],
            },
        ],
    },
    Category {
        name: "教育",
        weight: 0.7,
        department: "市教育局",
        department_alias: "市教育局",
        subs: &[
            Sub {
                name: "入学咨询",
                weight: 0.8,
                kinds: Q,
                peak_months: &[5, 6, 7, 8],
                handling_days: 3.0,
                templates: &[
                    "咨询{school}今年秋季入学的学区划分和报名时间。",
                    "孩子户口在{street}，租房在{estate}，能否在{school}就读？",
                ],
                titles: &["{school}入学咨询", "学区划分咨询"],
            },
            Sub {
                name: "校外培训",
                weight: 0.5,
                kinds: [0.6, 0.0, 0.1, 0.0, 0.3],
                peak_months: &[7, 8],
                handling_days: 7.0,
                templates: &[
                    "{company}预收学费后关门，家长无法退费。",
                    "{estate}有人违规开办学科类培训班。",
                ],
                titles: &["培训机构退费难", "{estate}违规培训"],
            },
        ],
    },
    Category {
        name: "医疗卫生",
        weight: 0.6,
        department: "市卫生健康委员会",
        department_alias: "市卫健委",
        subs: &[
            Sub {
                name: "医院服务",
                weight: 0.7,
                kinds: [0.7, 0.1, 0.1, 0.1, 0.0],
                peak_months: &[1, 2, 12],
                handling_days: 7.0,
                templates: &[
                    "在{hospital}看病排队{n}个小时，医生态度冷漠。",
                    "{hospital}乱收费，检查项目重复收费。",
                ],
                titles: &["{hospital}服务态度差", "{hospital}乱收费"],
            },
            Sub {
                name: "医保报销",
                weight: 0.5,
                kinds: Q,
                peak_months: &[],
                handling_days: 5.0,
                templates: &[
                    "咨询异地就医医保报销需要哪些材料。",
                    "在{hospital}住院，医保报销比例和之前说的不一样。",
                ],
                titles: &["异地就医报销咨询", "医保报销比例"],
            },
        ],
    },
    Category {
        name: "市场监管",
        weight: 0.9,
        department: "市市场监督管理局",
        department_alias: "市市场监管局",
        subs: &[
            Sub {
                name: "食品安全",
                weight: 0.6,
                kinds: [0.6, 0.0, 0.0, 0.0, 0.4],
                peak_months: &[6, 7, 8],
                handling_days: 7.0,
                templates: &[
                    "在{road}{shop}吃饭后腹泻，怀疑食品不卫生。",
                    "{market}有商户销售过期食品。",
                ],
                titles: &["{shop}食品不卫生", "{market}销售过期食品"],
            },
            Sub {
                name: "消费纠纷",
                weight: 0.8,
                kinds: C,
                peak_months: &[11, 12],
                handling_days: 7.0,
                templates: &[
                    "在{company}办了预付卡，现在商家跑路，卡里还有{n}00元。",
                    "在{road}一家店买的手机有质量问题，商家拒绝退换。",
                ],
                titles: &["预付卡商家跑路", "商家拒绝退换货"],
            },
            Sub {
                name: "价格欺诈",
                weight: 0.4,
                kinds: [0.5, 0.0, 0.0, 0.0, 0.5],
                peak_months: &[1, 2, 10],
                handling_days: 7.0,
                templates: &[
                    "{market}缺斤少两，一斤菜少了二两。",
                    "{road}{shop}明码标价与结账价格不符。",
                ],
                titles: &["{market}缺斤少两", "{shop}价格不符"],
            },
        ],
    },
    Category {
        name: "公安治安",
        weight: 0.6,
        department: "市公安局",
        department_alias: "市公安局",
        subs: &[
            Sub {
                name: "治安隐患",
                weight: 0.6,
                kinds: [0.4, 0.2, 0.0, 0.0, 0.4],
                peak_months: &[],
                handling_days: 3.0,
                templates: &[
                    "{estate}最近频繁发生电动车被盗，监控形同虚设。",
                    "{road}夜间有人聚众喝酒闹事。",
                ],
                titles: &["{estate}电动车被盗", "{road}夜间聚众闹事"],
            },
            Sub {
                name: "户籍办理",
                weight: 0.5,
                kinds: Q,
                peak_months: &[7, 8],
                handling_days: 3.0,
                templates: &[
                    "咨询新生儿落户需要哪些材料，在{street}派出所办理还是网上办理。",
                    "咨询身份证丢失补办流程。",
                ],
                titles: &["新生儿落户咨询", "身份证补办咨询"],
            },
        ],
    },
    Category {
        name: "民政服务",
        weight: 0.5,
        department: "市民政局",
        department_alias: "市民政局",
        subs: &[
            Sub {
                name: "低保救助",
                weight: 0.5,
                kinds: [0.2, 0.5, 0.3, 0.0, 0.0],
                peak_months: &[1, 12],
                handling_days: 10.0,
                templates: &[
                    "家庭困难，咨询在{street}申请低保的条件。",
                    "{street}的低保审批拖了{n}个月没有结果。",
                ],
                titles: &["低保申请咨询", "{street}低保审批慢"],
            },
            Sub {
                name: "养老服务",
                weight: 0.5,
                kinds: [0.3, 0.3, 0.3, 0.1, 0.0],
                peak_months: &[],
                handling_days: 7.0,
                templates: &[
                    "{estate}附近没有老年食堂，建议增设社区养老服务点。",
                    "高龄补贴没有按时发放。",
                ],
                titles: &["建议增设养老服务点", "高龄补贴未发放"],
            },
        ],
    },
];

/// The class-case themes: 8 about an estate, 6 about a road. Each variant
/// tells the same problem as another caller would, in other words.
pub const THEMES: &[Theme] = &[
    // 生态环境 / 噪音扰民: the building site by the north gate piles at night.
    Theme {
        category: 1,
        sub: 0,
        road: false,
        variants: &[
            "{place}北门的建筑工地每天夜里施工到凌晨两点，打桩机噪音太大，整个小区都睡不着。",
            "半夜打桩还让不让人睡觉了？就在{place}北门那个工地。",
            "{place}北门工地夜间打桩扰民。",
            "我住{place}靠北门那几栋，最近一个多星期工地天天晚上十一点以后开始打桩，咚咚的震得窗户都响，家里孩子马上中考，老人心脏也不好，给物业和街道都打过电话，说管不了，只能找你们。",
            "请问夜间施工有没有审批？{place}北门外面的工地每晚打桩到一两点钟。",
            "北门口那个在建工地，晚上十点过后还在打桩，{place}的业主已经连续好几晚没睡好。",
            "{place}北侧工地违规夜间施工，打桩声音特别刺耳，希望环保部门夜里来测一下噪声。",
            "打桩机从晚上一直响到后半夜，位置在{place}北大门对面，我们报过110也没用。",
            "投诉{place}北门施工单位夜间作业，打桩噪声严重超标，已持续半个月。",
            "孩子被半夜的打桩声吓醒好几次了，{place}北门那边的工地能不能晚上停工？",
            "{place}北门旁的工地白天不怎么干晚上拼命干，凌晨还在打桩，是不是在躲检查？",
        ],
    },
    // 水电气暖 / 停水: a burst pipe, no water for days.
    Theme {
        category: 5,
        sub: 0,
        road: false,
        variants: &[
            "{place}从前天开始一直停水，物业说是管道爆裂，到现在还没有修好。",
            "{place}停水了，说是水管爆了。",
            "什么时候能来水？{place}主水管爆裂已经停了两天。",
            "家里有八十多岁的老人和刚满月的孩子，{place}从周一早上停水到现在，听说是小区里的供水管道爆了，自来水公司来看过一次就走了，也没人说什么时候修好，我们只能去亲戚家提水。",
            "{place}地下供水管破裂，水漫了一地，整个小区断水，请水务部门赶紧抢修。",
            "水管爆了两天都修不好？{place}的居民连做饭冲厕所都没水。",
            "物业说{place}的管子裂了要等水务集团来修，可是已经等了四十多个小时。",
            "停水第三天，{place}还是没有恢复供水，也不见送水车，抢修进度谁能告诉一下？",
            "{place}爆管停水，要求尽快恢复供水。",
            "请问{place}因为水管爆裂停水，附近有没有临时供水点？",
            "昨天夜里{place}里面的自来水管爆了，水哗哗往外冒，今天一早家家户户都没水，打水务热线一直占线。",
        ],
    },
    // 城市管理 / 占道经营: barbecue stalls on the east side every night.
    Theme {
        category: 0,
        sub: 0,
        road: false,
        variants: &[
            "{place}东侧晚上有几十个烧烤摊占道经营，油烟噪音垃圾都很严重。",
            "{place}东边烧烤摊占道。",
            "每天一到傍晚六七点，{place}东侧那条人行道就被烧烤摊摆满了，桌椅一直摆到马路上，吃到凌晨一两点，喝酒划拳吵得人睡不着，第二天早上满地竹签和啤酒瓶，城管来了就收，走了又摆。",
            "城管能不能管一管{place}东侧的夜市烧烤？人行道全被占了。",
            "推着婴儿车根本过不去，{place}东面人行道上全是烧烤摊的桌椅。",
            "住在{place}靠东边的楼，楼下路边烧烤摊的烟一直往家里飘，窗户一年到头不敢开。",
            "举报{place}东侧有人长期占用公共道路摆烧烤摊，已经形成固定夜市。",
            "请问{place}东侧晚上那些露天烧烤是允许摆的吗？每晚都把人行道占满。",
            "东侧那一排烧烤摊又出来了，{place}旁边的路晚上走不了人。",
            "{place}东边的马路一到夜里就成了烧烤一条街，占道、油烟、噪音、垃圾一样不少，反映过三四次都没用。",
            "老人晚上出门散步要绕到机动车道上走，就因为{place}东侧的烧烤摊把路占了。",
        ],
    },
    // 住房物业 / 电梯故障: the lift of building 3 traps people.
    Theme {
        category: 2,
        sub: 1,
        road: false,
        variants: &[
            "{place}3栋电梯这个月已经坏了五次，昨天还困住了老人，物业只是简单修一下。",
            "{place}3栋电梯又困人了。",
            "我家在{place}3栋十八楼，电梯三天两头坏，上周我母亲被关在里面四十分钟，喊了半天才有人来，物业只会派人重启一下，维保公司也不见人，老人现在都不敢出门了，要求彻底检修或者更换。",
            "{place}3号楼的电梯到底有没有人管？一个月困人好几回。",
            "3栋电梯停停走走，昨晚卡在两层中间，{place}的住户都怕坐了。",
            "请特种设备监管部门到{place}查一下3栋电梯，年检是不是过期了，经常故障困人。",
            "{place}三栋那部电梯门经常关不上，前天还把一个小学生困在里面。",
            "电梯困人打119才救出来，这已经是{place}3栋本月第三次了。",
            "投诉{place}物业对3栋电梯故障敷衍了事，修完没两天又坏。",
            "{place}3栋电梯老是困人，家里有孕妇，爬楼太危险，什么时候能修好？",
            "住{place}3栋的业主都在群里骂了，电梯今天早上又困了两个赶着上班的人。",
        ],
    },
    // 劳动保障 / 拖欠工资: the site owes its workers three months' pay.
    Theme {
        category: 6,
        sub: 0,
        road: false,
        variants: &[
            "在{place}项目工地干活的几十个工人被拖欠工资三个月，包工头联系不上。",
            "{place}工地欠我们工钱。",
            "我们是在{place}二期项目做木工的，一共三十多个人，从去年十月干到现在工钱一分没结，包工头说开发商没给钱，开发商说钱早给了总包，来回踢皮球，家里老婆孩子都等着这笔钱过年。",
            "{place}项目欠薪三个月，请劳动监察帮帮我们农民工。",
            "干了活拿不到钱找谁？{place}那个楼盘的工地欠了我们三个月工资。",
            "包工头电话关机，人也找不到了，我们在{place}工地的工资还有好几万没结。",
            "{place}建设项目的施工单位拖欠农民工工资，涉及几十人，我们去项目部讨薪被保安赶了出来。",
            "请问{place}项目拖欠工资可以去哪里申请仲裁？我手上有考勤记录。",
            "替我父亲反映一下，他在{place}工地做钢筋工，三个月没发工资了，六十多岁的人天天去工地门口等。",
            "{place}的工地都快完工了，可是我们瓦工班组的工资一直拖着不给。",
            "几十个农民工被{place}项目拖欠工资，春节前再拿不到钱，大家连回家的路费都没有。",
        ],
    },
    // 市政设施 / 下水道堵塞: the underground car park floods back.
    Theme {
        category: 4,
        sub: 3,
        road: false,
        variants: &[
            "{place}地下车库返水了。",
            "一下雨{place}的地下车库就从地漏往上冒水，最深的地方没过脚踝，好几辆车被泡。",
            "{place}地库排水管返水，污水带着臭味漫了半个车库，物业只会拿扫把往外推。",
            "请问{place}地下车库雨后返水，车辆被泡谁来负责？物业说是市政管网的问题。",
            "我的车停在{place}负一层，昨晚下大雨，今天下去一看水已经到轮胎一半，地漏往外冒黑水，物业说是外面市政管道堵了倒灌，市政又说是小区自己的管子，这个月已经第二次了，上次泡坏的车还在修。",
            "每次暴雨车库都进水，是不是{place}外面的雨水管堵了？",
            "{place}负二层车库污水倒灌，电梯井都进了水，存在触电隐患。",
            "地下车库的下水道往上返臭水，{place}的业主早上取车都得蹚水。",
            "投诉{place}地下停车场排水不畅，连续几场雨都返水。",
            "{place}车库返水拖了一个多月，要求疏通排水管道，查清到底是哪里堵了。",
            "早上下去开车发现车库成了池塘，{place}这种情况已经好几回了，住户的损失谁赔？",
        ],
    },
    // 住房物业 / 物业费: the property company cuts the power to force fees.
    Theme {
        category: 2,
        sub: 3,
        road: false,
        variants: &[
            "{place}物业把我们楼的电给拉闸了，说是没交物业费。",
            "物业能不能因为物业费纠纷停业主的电？{place}好几栋楼昨天被断了电。",
            "{place}物业断电逼业主交物业费。",
            "我们家在{place}，物业费一直按时交，可物业说整栋楼欠费的太多，昨天下午直接把楼道总闸拉了，全楼六十多户都没电，冰箱里的东西全坏了，老人要用制氧机，打物业经理电话也不接。",
            "物业以拖欠物业费为由对{place}部分楼栋断电，这种做法合法吗？",
            "冰箱停了一天一夜，就因为{place}物业跟业主闹物业费的矛盾，把电断了。",
            "举报{place}物业公司私自拉闸停电，强迫业主补交物业费。",
            "{place}的物业太霸道了，不交费就停电，连交了费的住户也一起被断。",
            "晚上回家发现楼里黑漆漆的，一问才知道是{place}物业故意断的电，说是催缴物业费。",
            "请住建部门管一管{place}物业，用断电的办法收物业费，已经停了两天。",
            "孩子要上网课没电怎么办？{place}物业为了收费把我们单元的电掐了。",
        ],
    },
    // 生态环境 / 异味废气: the refuse transfer station beside the estate stinks.
    Theme {
        category: 1,
        sub: 2,
        road: false,
        variants: &[
            "{place}旁边垃圾站太臭了。",
            "{place}西门边上的垃圾中转站天天臭气熏天，夏天根本不敢开窗，苍蝇蚊子一大堆。",
            "垃圾中转站离{place}的住宅楼不到二十米，压缩垃圾的时候臭味直往屋里灌。",
            "请问{place}旁边那个垃圾站能不能搬走？味道实在受不了。",
            "我家住{place}一楼，窗户正对着外面的垃圾站，每天早上五点多垃圾车来倒垃圾，又吵又臭，渗滤液流得满地都是，孩子有哮喘，一闻这个味就咳嗽，找过社区，说归环卫所管。",
            "{place}附近的垃圾站异味严重，要求加装除臭设备、每天冲洗。",
            "整个夏天都被垃圾站的臭味包围着，{place}的居民都在问到底有没有人管。",
            "投诉{place}边上的垃圾转运站污水横流、恶臭扰民。",
            "一开窗就是一股酸臭味，是{place}门口垃圾站散出来的，已经持续一个多月。",
            "{place}垃圾站的垃圾堆了好几天不清运，发酵后臭得人想吐。",
            "晚上散步路过{place}那个垃圾站都得捂着鼻子，住旁边的人怎么过？",
        ],
    },
    // 市政设施 / 道路破损: the road surface has caved in.
    Theme {
        category: 4,
        sub: 1,
        road: true,
        variants: &[
            "{place}的路面塌了一个大坑。",
            "{place}靠近公交站的地方路面突然塌下去一个两米多宽的坑，车辆都绕着走，很危险。",
            "今天早上骑电动车经过{place}，差点掉进塌陷的坑里，旁边只放了两个锥桶，晚上根本看不见。",
            "请问{place}那个塌陷的路面什么时候修？已经围了一个星期。",
            "{place}中段路面下沉开裂，坑越来越大，怀疑下面管道漏水把土掏空了。",
            "路中间塌了一个坑，在{place}十字路口往东一百米左右，已经有一辆小车的轮子陷进去了。",
            "{place}出现路面塌陷，请市政部门尽快设置警示并抢修。",
            "上下学的孩子每天都要从{place}走，现在路面塌了个大洞，只用几块木板盖着，家长很担心。",
            "下了几天雨路面就塌了，是不是地下施工造成的？地点是{place}。",
            "我是附近开出租的，{place}那个塌陷坑好几天了一直没人处理，晚上车开过去很容易出事，打电话说转给市政了，到现在只拉了一圈警戒线，坑边的沥青还在一块块往下掉。",
            "投诉{place}塌陷路段长时间无人修复，影响通行。",
        ],
    },
    // 市政设施 / 井盖缺失: a manhole cover is missing.
    Theme {
        category: 4,
        sub: 2,
        road: true,
        variants: &[
            "{place}有个井盖没了。",
            "{place}人行道上一个污水井的井盖不见了，黑乎乎一个洞，晚上路过的人很容易掉进去。",
            "井盖被偷了吗？{place}公交站旁边那个井口敞着两天了。",
            "{place}靠近学校门口的窨井盖缺失，只插了一根树枝当提醒，孩子们每天从那里走。",
            "今天下班看到{place}非机动车道上有个井没有盖子，我在旁边放了块砖头，请赶紧派人来补。",
            "请问{place}缺了井盖归哪个部门管？打了几个电话都说不归他们。",
            "{place}有井盖缺失，存在严重安全隐患，要求立即处理。",
            "敞口的下水井就在{place}边上，已经有老人差点踩空。",
            "昨天晚上我骑车经过{place}，前轮一下卡进没盖的井口，人摔了出去，膝盖缝了四针，现在那个井口还空着，再不处理还会有人受伤。",
            "{place}的雨水井盖子丢了，有人用一个塑料桶罩着，风一吹就倒。",
            "举报{place}井盖缺失多日无人修复。",
        ],
    },
    // 市政设施 / 路灯不亮: a whole stretch of street lights is dark.
    Theme {
        category: 4,
        sub: 0,
        road: true,
        variants: &[
            "{place}一整段路灯都不亮。",
            "{place}从东头到西头的路灯全黑了，差不多有一公里，晚上走路只能打手机电筒。",
            "请问{place}的路灯什么时候能修好？一到晚上整条路黑漆漆的。",
            "已经快半个月了，{place}这一段几十盏路灯没有一盏亮的，女孩子晚上下班都不敢一个人走，前几天还有人在那里被抢了包，打过市政的电话说会来修，到现在没动静。",
            "晚上{place}黑灯瞎火，路灯成片不亮，电动车和行人差点撞上。",
            "{place}沿线路灯大面积熄灭，请市政部门尽快检修线路。",
            "路灯坏了一大片，就在{place}那段，晚上开车都看不清行人。",
            "孩子晚自习放学要经过{place}，现在路灯全灭了，家长每天只能去接。",
            "{place}的路灯是不是断电了？连着好几天晚上都不亮，整片都是黑的。",
            "投诉{place}的路灯成片熄灭，长时间无人维修。",
            "在{place}夜跑的人都知道，最近那边一排路灯全坏了，路面坑洼看不见，已经摔了好几个人。",
        ],
    },
    // 城市管理 / 占道经营: a works hoarding takes the road.
    Theme {
        category: 0,
        sub: 0,
        road: true,
        variants: &[
            "{place}施工围挡占了半条路。",
            "{place}修管道的围挡把人行道和一条车道全围进去了，早晚高峰堵得动不了。",
            "请问{place}那个施工围挡有没有审批？围了三个月也没见施工。",
            "{place}的施工围挡越围越宽，行人只能走到机动车道上，非常危险。",
            "每天送孩子上学都要经过{place}，原来的人行道被施工围挡全部封死，也没留临时通道，大人带着孩子只能和汽车抢道，问施工的工人，说不知道什么时候拆，围挡里面好几个星期没人干活了。",
            "围挡一围就是几个月，{place}的商户生意都做不下去了，店门口全被挡住。",
            "投诉{place}工程围挡违规占用道路，超出审批范围。",
            "{place}施工围挡占道，转弯处挡住视线，差点出车祸。",
            "占着道又不干活是什么意思？{place}那段路被铁皮围起来，里面都长草了。",
            "骑电动车经过{place}，围挡把非机动车道占了，只能挤到汽车道上。",
            "建议有关部门查一下{place}的施工围挡，能不能缩小范围，把人行道让出来。",
        ],
    },
    // 市政设施 / 下水道堵塞: the road floods whenever it rains.
    Theme {
        category: 4,
        sub: 3,
        road: true,
        variants: &[
            "{place}又淹了。",
            "一下雨{place}就积水，最深的地方快到膝盖，公交车开过去水花溅到人行道上。",
            "{place}下穿通道每次暴雨都内涝，今天又有两辆小车熄火泡在里面。",
            "请问{place}的雨水井是不是堵了？雨停了两个小时水还排不出去。",
            "{place}低洼路段积水严重，行人只能蹚水走，希望疏通排水管网。",
            "昨天那场大雨，{place}积水一尺多深，我的电动车在水里熄了火，推着走了两百多米，路边的雨水篦子全被垃圾和树叶糊住了，年年下雨都这样，年年反映，就是没人彻底解决。",
            "孩子放学被困在{place}过不来，路面积水太深，学校门口全是水。",
            "内涝的问题什么时候能解决？{place}只要下雨就变成河。",
            "{place}排水不畅，路面积水长时间不退，还泛着臭味。",
            "投诉{place}逢雨必涝，市政部门处理多次未见效果。",
            "早上打车去上班，到{place}司机说前面积水过不去，只能绕路，这条路的排水是不是该改造了？",
        ],
    },
    // 城市管理 / 渣土车撒漏: muck trucks run at night and spill.
    Theme {
        category: 0,
        sub: 2,
        road: true,
        variants: &[
            "{place}半夜渣土车太多了。",
            "每天晚上十一点以后，{place}就有一长串渣土车开过去，泥土撒得满路都是，第二天白天灰尘大得睁不开眼。",
            "请问渣土车夜间运输有没有规定路线？{place}天天半夜有拉土的车经过。",
            "{place}夜间渣土车超速行驶，不盖篷布，沿路掉泥，还闯红灯。",
            "住在{place}边上，夜里渣土车一辆接一辆，轰隆隆的震得床都在抖，早上路面全是泥巴，下雨天一踩一脚泥，骑车还打滑，已经有邻居摔伤了，给城管打过电话，说晚上没有执法人员。",
            "凌晨两三点渣土车还在{place}跑，车上的土一路往下掉。",
            "举报{place}夜间有渣土车违规运输，车身带泥上路。",
            "{place}的路面被夜里的渣土车撒得一片狼藉，环卫工人扫都扫不完。",
            "渣土车在{place}飙车，晚上骑电动车回家特别害怕。",
            "建议在{place}设卡查一查夜间的渣土车，撒漏太严重了。",
            "{place}每晚都有渣土车带泥上路，要求城管部门夜间执法。",
        ],
    },
];

/// Terms that appear for the first time during the period and spread.
pub const EMERGING: &[(&str, usize, usize, &str)] = &[
    (
        "共享电单车",
        0,
        0,
        "{road}人行道上堆满了共享电单车，乱停乱放，行人无法通行。",
    ),
    (
        "无人机",
        1,
        0,
        "{estate}附近每天晚上有人放无人机，嗡嗡声很大，还担心偷拍隐私。",
    ),
    (
        "电动车充电桩",
        2,
        0,
        "{estate}没有电动车充电桩，居民只能飞线充电，存在火灾隐患。",
    ),
];

pub const LETTERS: Letters = Letters {
    salutations: &[
        "尊敬的市长：您好！",
        "尊敬的领导：",
        "市长您好，",
        "各位领导好！",
        "尊敬的书记、市长：",
        "尊敬的市政府领导：你们好！",
        "您好！",
        "有关部门负责同志：",
        "",
    ],
    selves: &[
        "我是{district}的一名业主，家住{estate}，",
        "我是住在{estate}的居民，",
        "我家住{district}{street}，",
        "本人是{estate}附近的老住户，",
        "我是一名退休职工，在{estate}一带住了十几年，",
        "我是{street}的一名普通市民，",
        "我们是住在{estate}的几户居民，这封信是大家商量后一起写的，",
        "我在{district}上班，家就在{estate}附近，",
        "我是{district}{street}的居民，今年六十多岁了，",
        "",
    ],
    details: &[
        "这个问题已经持续了{n}个月，",
        "我们多次向社区和物业反映，一直没有得到解决，",
        "打过好几次12345，都说会处理，结果还是老样子，",
        "周边几百户居民都深受其害，",
        "家里有老人和小孩，实在是受不了了，",
        "之前也有人反映过，但是没有下文，",
        "前前后后找过{street}办事处{n}次，每次都说在协调，",
        "社区工作人员来看过一次，拍了几张照片就走了，",
        "我们业主群里天天都在说这件事，大家意见很大。",
        "我母亲八十多岁了，身体一直不好，这段时间更是雪上加霜，",
        "孩子今年要升学考试，学习和休息都受到影响，",
        "我自己上夜班，白天休息不好，人都快熬垮了。",
        "我们也理解政府工作忙，但这件事确实拖得太久了，",
        "几个部门相互推诿，这个说归那个管，那个说归这个管，",
        "我在网上留言过{n}次，回复都是已转交相关部门，",
        "再这样拖下去，只怕迟早要出事，",
        "邻居们已经在商量联名向上反映了。",
    ],
    requests: &[
        "恳请领导重视，尽快协调相关部门解决。",
        "希望政府能够管一管，给老百姓一个说法。",
        "请有关部门尽快调查处理，让我们的生活恢复正常。",
        "望领导百忙之中予以关注。",
        "希望能派人到现场实地看一看，真正把问题解决，而不是一推了之。",
        "请明确责任单位和解决时限，并把处理结果告诉我们。",
        "恳请市领导督办此事，别再让我们来回跑了。",
        "我们不求别的，只求有人管、有人回个话。",
    ],
    closings: &[
        "此致敬礼！",
        "谢谢！",
        "万分感谢！",
        "盼复！",
        "谢谢领导，期待您的回复。",
        "一位普通市民敬上。",
        "",
    ],
};

/// The bank of 江城市.
pub static JIANGCHENG: Bank = Bank {
    name: "jiangcheng",
    city: "江城市",
    districts: DISTRICTS,
    community_stems: COMMUNITY_STEMS,
    community_suffixes: COMMUNITY_SUFFIXES,
    estates: ESTATES,
    place_stems: PLACE_STEMS,
    estate_suffixes: ESTATE_SUFFIXES,
    road_suffixes: ROAD_SUFFIXES,
    market_suffixes: MARKET_SUFFIXES,
    school_suffixes: SCHOOL_SUFFIXES,
    company_suffixes: COMPANY_SUFFIXES,
    roads: ROADS,
    markets: MARKETS,
    schools: SCHOOLS,
    hospitals: HOSPITALS,
    companies: COMPANIES,
    shops: SHOPS,
    bus_lines: BUS_LINES,
    surnames: SURNAMES,
    given: GIVEN,
    openers: OPENERS,
    closers: CLOSERS,
    categories: CATEGORIES,
    themes: THEMES,
    emerging: EMERGING,
    letters: LETTERS,
};
