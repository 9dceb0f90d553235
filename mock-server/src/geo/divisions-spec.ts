/**
 * The administrative division of Baiyun District as the generator lays it out: the 20 streets
 * (街道) and 4 towns (镇) with the approximate position of their offices (GCJ-02, read off
 * public maps), community/village names to hand out, and road names for facility addresses.
 * Names are plausible, some are real; boundaries built from them are an approximation (Voronoi
 * cells around the seats), not the official lines.
 *
 * The order of STREETS fixes the codes (440111-001 ... 440111-024): append, never reorder.
 */
export interface StreetSpec {
  name: string
  kind: 'street' | 'town'
  /** Street office, GCJ-02 [lng, lat]. */
  seatGcj02: [number, number]
  /** Communities (社区) for streets, villages (村) for towns, in the order they are handed out. */
  communities: string[]
  /** Road names for generated addresses. */
  roads: string[]
}

export const STREETS: StreetSpec[] = [
  {
    name: '三元里街',
    kind: 'street',
    seatGcj02: [113.2605, 23.161],
    communities: ['三元里社区', '瑶台社区', '广园社区', '松柏社区', '机场路社区', '白云山社区'],
    roads: ['机场路', '三元里大道', '广园西路', '解放北路', '瑶台西街'],
  },
  {
    name: '松洲街',
    kind: 'street',
    seatGcj02: [113.245, 23.176],
    communities: ['松洲社区', '松北社区', '增槎路社区', '螺涌社区', '西洲社区', '松南社区'],
    roads: ['西槎路', '增槎路', '松洲大道', '螺涌北路'],
  },
  {
    name: '景泰街',
    kind: 'street',
    seatGcj02: [113.281, 23.164],
    communities: ['景泰社区', '广园新村社区', '景泰坑社区', '云霄社区', '柯子岭社区', '下塘社区'],
    roads: ['广园中路', '景泰直街', '云霄路', '柯子岭路'],
  },
  {
    name: '同德街',
    kind: 'street',
    seatGcj02: [113.2395, 23.195],
    communities: ['鹅掌坦社区', '西槎路社区', '田心社区', '上步社区', '横滘社区', '同德花园社区'],
    roads: ['西槎路', '同德路', '西洲北路', '富力路'],
  },
  {
    name: '黄石街',
    kind: 'street',
    seatGcj02: [113.274, 23.204],
    communities: ['黄石社区', '江夏社区', '陈田社区', '黄园社区', '马务社区', '黄边社区'],
    roads: ['黄石东路', '黄石西路', '江夏北路', '陈田路'],
  },
  {
    name: '棠景街',
    kind: 'street',
    seatGcj02: [113.2575, 23.18],
    communities: ['棠景社区', '棠溪社区', '远景社区', '机场西社区', '南航社区', '棠新社区'],
    roads: ['棠景路', '远景路', '机场路', '棠溪路'],
  },
  {
    name: '新市街',
    kind: 'street',
    seatGcj02: [113.269, 23.1905],
    communities: ['新市社区', '萧岗社区', '齐富社区', '新市墟社区', '棠下社区', '新园社区'],
    roads: ['新市西街', '齐富路', '萧岗路', '机场路'],
  },
  {
    name: '同和街',
    kind: 'street',
    seatGcj02: [113.323, 23.201],
    communities: ['同和社区', '蟾蜍石社区', '白水塘社区', '握山社区', '榕树头社区', '云裕社区'],
    roads: ['同和路', '广州大道北', '白水塘路', '蟾蜍石路'],
  },
  {
    name: '京溪街',
    kind: 'street',
    seatGcj02: [113.326, 23.183],
    communities: ['京溪社区', '沙太路社区', '梅花园社区', '犀牛角社区', '南湖社区', '云景花园社区'],
    roads: ['沙太路', '京溪路', '广州大道北', '犀牛角路'],
  },
  {
    name: '永平街',
    kind: 'street',
    seatGcj02: [113.304, 23.221],
    communities: ['永泰社区', '东平社区', '永兴社区', '集贤社区', '长虹社区', '白云山庄社区'],
    roads: ['永泰路', '东平路', '白云大道北', '集贤路'],
  },
  {
    name: '嘉禾街',
    kind: 'street',
    seatGcj02: [113.282, 23.227],
    communities: ['嘉禾社区', '望岗社区', '长红社区', '新科社区', '鹤边社区', '联边社区'],
    roads: ['106国道', '嘉禾路', '望岗路', '鹤边路'],
  },
  {
    name: '均禾街',
    kind: 'street',
    seatGcj02: [113.256, 23.23],
    communities: ['均禾社区', '石马桥社区', '罗岗社区', '清湖社区', '新石社区', '平沙社区'],
    roads: ['均禾大道', '石马桥路', '清湖路', '罗岗路'],
  },
  {
    name: '石井街',
    kind: 'street',
    seatGcj02: [113.225, 23.21],
    communities: ['石井社区', '庆丰社区', '潭村社区', '凰岗社区', '红星社区', '张村社区'],
    roads: ['石井大道', '庆丰路', '潭村路', '石沙路'],
  },
  {
    name: '金沙街',
    kind: 'street',
    seatGcj02: [113.205, 23.17],
    communities: ['金沙洲社区', '横沙社区', '沙凤社区', '浔峰社区', '金沙社区', '彩滨社区'],
    roads: ['金沙洲路', '横沙大道', '浔峰大道', '沙凤一路'],
  },
  {
    name: '云城街',
    kind: 'street',
    seatGcj02: [113.279, 23.178],
    communities: ['云城社区', '白云新城社区', '云景社区', '云峰社区', '云苑社区', '萧岗新村社区'],
    roads: ['云城东路', '云城西路', '白云大道南', '齐心路'],
  },
  {
    name: '鹤龙街',
    kind: 'street',
    seatGcj02: [113.292, 23.246],
    communities: ['鹤龙社区', '黄庄社区', '上胜社区', '鹤岗社区', '尹边社区', '龙岗社区'],
    roads: ['鹤龙一路', '鹤龙二路', '黄庄路', '106国道'],
  },
  {
    name: '白云湖街',
    kind: 'street',
    seatGcj02: [113.24, 23.235],
    communities: ['白云湖社区', '夏茅社区', '大朗社区', '唐阁社区', '石沙社区', '环滘社区'],
    roads: ['夏茅路', '大朗路', '石沙路', '白云湖路'],
  },
  {
    name: '石门街',
    kind: 'street',
    seatGcj02: [113.22, 23.248],
    communities: ['石门社区', '朝阳社区', '滘心社区', '石丰社区', '西岸社区', '红旗社区'],
    roads: ['石门路', '朝阳路', '西岸路', '滘心路'],
  },
  {
    name: '龙归街',
    kind: 'street',
    seatGcj02: [113.296, 23.265],
    communities: ['龙归社区', '南村社区', '夏良社区', '龙河社区', '北村社区', '永兴村社区'],
    roads: ['龙归路', '南村路', '夏良路', '龙河路'],
  },
  {
    name: '大源街',
    kind: 'street',
    seatGcj02: [113.36, 23.245],
    communities: ['大源社区', '沙田社区', '水口社区', '帽峰社区', '南岭社区', '大源北社区'],
    roads: ['大源中路', '大源北路', '沙田路', '帽峰山路'],
  },
  {
    name: '人和镇',
    kind: 'town',
    seatGcj02: [113.28, 23.33],
    communities: ['人和村', '蚌湖村', '鸦湖村', '秀水村', '矮岗村', '方石村', '高增村', '汉塘村'],
    roads: ['人和大道', '鹤亭路', '蚌湖路', '106国道'],
  },
  {
    name: '太和镇',
    kind: 'town',
    seatGcj02: [113.38, 23.295],
    communities: ['太和村', '大沥村', '头陂村', '田心村', '米龙村', '营溪村', '和龙村', '草塘村'],
    roads: ['太和大道', '105国道', '米龙路', '沙太北路'],
  },
  {
    name: '钟落潭镇',
    kind: 'town',
    seatGcj02: [113.42, 23.37],
    communities: ['钟落潭村', '竹料村', '良田村', '马沥村', '寮采村', '白土村', '长腰岭村', '九佛村'],
    roads: ['钟太快速路', '广从公路', '竹料大道', '良田路'],
  },
  {
    name: '江高镇',
    kind: 'town',
    seatGcj02: [113.205, 23.3],
    communities: ['江高村', '神山村', '大岭村', '雄丰村', '南岗村', '蓼江村', '水沥村', '茅山村'],
    roads: ['江高大道', '神山大道', '江村路', '雄丰路'],
  },
]
