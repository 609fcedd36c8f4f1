//! The vocabulary of the synthetic city 江城市: districts and streets,
//! estates and roads, categories with their wording, departments.
//!
//! Texts are built from templates whose slots (`{estate}`, `{road}` …) are
//! filled per ticket, so two tickets of one category share vocabulary but
//! rarely a whole sentence, as in real exports.

/// A district with its population weight and streets (街道/镇).
pub struct District {
    pub name: &'static str,
    pub weight: f64,
    pub streets: &'static [&'static str],
}

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

/// A second-level category: its name, kind mix, text templates and titles.
pub struct Sub {
    pub name: &'static str,
    pub weight: f64,
    /// Weights of 投诉, 求助, 咨询, 建议, 举报.
    pub kinds: [f64; 5],
    pub templates: &'static [&'static str],
    pub titles: &'static [&'static str],
    /// Months (1-12) when it is twice as frequent.
    pub peak_months: &'static [u32],
    /// Median handling time in days.
    pub handling_days: f64,
}

/// A first-level category and its responsible city department.
pub struct Category {
    pub name: &'static str,
    pub weight: f64,
    pub department: &'static str,
    /// An alias of the department as some call-takers type it.
    pub department_alias: &'static str,
    pub subs: &'static [Sub],
}

pub const KINDS: [&str; 5] = ["投诉", "求助", "咨询", "建议", "举报"];

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

/// Texts of class cases (类案): one place, one problem, many callers. `{place}`
/// is the estate or road the cluster is about.
pub struct Theme {
    pub category: usize,
    pub sub: usize,
    pub variants: &'static [&'static str],
}

pub const THEMES: &[Theme] = &[
    Theme {
        category: 1,
        sub: 0,
        variants: &[
            "{place}北门的建筑工地每天夜里施工到凌晨两点，打桩机噪音太大，整个小区都睡不着。",
            "{place}北门工地夜间施工，打桩噪音一直到凌晨，严重影响休息。",
            "{place}北门旁工地晚上打桩，噪音扰民到半夜两点，孩子没法睡觉。",
            "反映{place}北门工地半夜还在打桩施工，噪音非常大。",
        ],
    },
    Theme {
        category: 5,
        sub: 0,
        variants: &[
            "{place}从前天开始一直停水，物业说是管道爆裂，到现在还没有修好。",
            "{place}停水两天了，管道爆裂一直没修，生活用水都成问题。",
            "{place}管道爆裂停水，已经两天没有水用，要求尽快抢修。",
            "反映{place}因为管道爆裂持续停水，什么时候能恢复？",
        ],
    },
    Theme {
        category: 0,
        sub: 0,
        variants: &[
            "{place}东侧晚上有几十个烧烤摊占道经营，油烟噪音垃圾都很严重。",
            "{place}东侧夜市烧烤摊占道，油烟大还吵，垃圾满地。",
            "反映{place}东边烧烤摊占道经营，夜里油烟和噪音扰民。",
            "{place}东侧烧烤摊占用人行道经营，每晚油烟噪音严重。",
        ],
    },
    Theme {
        category: 2,
        sub: 1,
        variants: &[
            "{place}3栋电梯这个月已经坏了五次，昨天还困住了老人，物业只是简单修一下。",
            "{place}3栋电梯反复故障困人，物业敷衍维修，居民很担心安全。",
            "{place}3栋电梯频繁坏，困人好几次，请监管部门督促更换。",
            "反映{place}3栋电梯屡修屡坏，经常困人。",
        ],
    },
    Theme {
        category: 6,
        sub: 0,
        variants: &[
            "在{place}项目工地干活的几十个工人被拖欠工资三个月，包工头联系不上。",
            "{place}项目工地拖欠我们农民工三个月工资，包工头失联。",
            "{place}工地欠薪，三个月工资没发，包工头电话打不通。",
            "反映{place}项目拖欠农民工工资，涉及几十人。",
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
