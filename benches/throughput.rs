//! Throughput of the full check of one file — extract, segment, every
//! embedded rule — in bytes of decoded text per second, on the example
//! drafts and on larger generated items; and the cost of building a
//! `Linter` (rule compilation + jieba dictionary), paid once per run.
//!
//! `cargo bench --bench throughput -- --warm-up-time 1 --measurement-time 3`

use std::hint::black_box;
use std::path::Path;

use chrono::NaiveDate;
use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};

use zwlint::check::{CheckOptions, Linter};
use zwlint::input::{read, Input};
use zwlint::rules::RuleSet;
use zwlint::segment::Segmenter;
use zwlint::SourceFile;

fn opts() -> CheckOptions {
    let d = NaiveDate::from_ymd_opt(2026, 11, 20);
    CheckOptions { item_type: None, report_date: d, today: d }
}

/// Every draft in examples/, decoded once.
fn examples() -> Vec<SourceFile> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .expect("examples/ exists")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt" || x == "md" || x == "docx"))
        .collect();
    paths.sort();
    paths.into_iter().map(|p| read(&Input::File(p)).expect("example decodes")).collect()
}

/// A long 综合 item of about `bytes` bytes, from a deterministic
/// pseudo-random mix of places, actions, figures and tails, so that
/// sentences rarely repeat; a few half-width commas and boilerplate phrases
/// give the rules work to do.
fn generated(bytes: usize) -> SourceFile {
    const WHEN: [&str; 8] = [
        "截至9月30日",
        "1至9月",
        "今年以来",
        "11月18日",
        "前三季度",
        "10月份",
        "上半年",
        "11月以来",
    ];
    const WHO: [&str; 8] = [
        "青石镇",
        "河口乡",
        "西岭镇",
        "东关街道",
        "柳林乡",
        "白马镇",
        "县农业农村局",
        "县交通运输局",
    ];
    const DID: [(&str, &str); 16] = [
        ("新建改建农村公路", "公里"),
        ("完成小麦冬灌", "万亩"),
        ("改造危旧桥梁", "座"),
        ("新增城镇就业", "人"),
        ("排查安全隐患", "处"),
        ("发放创业担保贷款", "万元"),
        ("建成便民服务点", "个"),
        ("培训高素质农民", "人次"),
        ("办理不动产登记", "件"),
        ("收购秋粮", "万吨"),
        ("新建供水站", "座"),
        ("完成老旧小区改造", "户"),
        ("签约家庭医生服务", "人"),
        ("清理河道垃圾", "吨"),
        ("调解矛盾纠纷", "件"),
        ("引进招商项目", "个"),
    ];
    const TAIL: [&str; 12] = [
        "比上年同期增加{}个百分点",
        "占全年任务的{}%",
        "其中{}个已投入使用",
        "惠及群众{}万人",
        "资金缺口约{}万元",
        "仍有{}个行政村未完成",
        "平均办理时间缩短到{}个工作日",
        "群众满意率达到{}%",
        "带动农户增收{}万元",
        "整改到位率{}%",
        "会议强调要切实加强组织领导，已有{}个部门落实",
        "主要原因是专业人员不足，持证上岗的仅{}名",
    ];
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = |n: usize| {
        seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        ((seed >> 33) % n as u64) as usize
    };
    let mut text = String::from("全县前三季度重点工作推进情况\n");
    while text.len() < bytes {
        for k in 0..3 {
            let (did, unit) = DID[next(DID.len())];
            let tail = TAIL[next(TAIL.len())].replace("{}", &(next(97) + 2).to_string());
            let comma = if next(20) == 0 { "," } else { "，" };
            text.push_str(&format!(
                "{}，{}{did}{}{unit}{comma}{tail}{}",
                WHEN[next(WHEN.len())],
                WHO[next(WHO.len())],
                next(900) + 10,
                if k == 2 { "。\n" } else { "；" }
            ));
        }
    }
    text.push_str("（报送单位：县政府办公室　联系人：王敏　电话：0394-1234567　报送日期：2026年11月20日）\n");
    SourceFile::from_text(format!("generated-{}k.txt", bytes / 1024), text, "UTF-8")
}

fn bench_check(c: &mut Criterion) {
    // Built once, outside every timed loop.
    let linter = Linter::new(RuleSet::embedded().expect("embedded rules compile"));
    let opts = opts();

    let mut g = c.benchmark_group("check");
    let drafts = examples();
    let total: usize = drafts.iter().map(|s| s.text.len()).sum();
    g.throughput(Throughput::Bytes(total as u64));
    g.bench_function(format!("examples ({} files, {total} B)", drafts.len()), |b| {
        b.iter_batched(
            || drafts.clone(),
            |drafts| {
                for s in drafts {
                    black_box(linter.check(s, &opts));
                }
            },
            BatchSize::SmallInput,
        )
    });
    for size in [16 * 1024, 128 * 1024] {
        let src = generated(size);
        g.throughput(Throughput::Bytes(src.text.len() as u64));
        g.bench_function(format!("generated {} KiB", size / 1024), |b| {
            b.iter_batched(|| src.clone(), |s| black_box(linter.check(s, &opts)), BatchSize::LargeInput)
        });
    }
    g.finish();
}

fn bench_construction(c: &mut Criterion) {
    let mut g = c.benchmark_group("construction");
    g.sample_size(10);
    g.bench_function("RuleSet::embedded", |b| b.iter(|| black_box(RuleSet::embedded().unwrap())));
    g.bench_function("Segmenter::new", |b| b.iter(|| black_box(Segmenter::new())));
    g.bench_function("Linter::new (rules + segmenter)", |b| {
        b.iter(|| black_box(Linter::new(RuleSet::embedded().unwrap())))
    });
    g.finish();
}

criterion_group!(benches, bench_check, bench_construction);
criterion_main!(benches);
