using Jianguan.Analytics.Data;
using Jianguan.Features.Trading;
using Jianguan.Features.Trading.Import;
using Jianguan.Platform.Time;

namespace Jianguan.Features.Demo;

/// <summary>A collusive section planted by the generator: what truth.csv says about it.</summary>
public sealed record DemoTruth(string ProjectCode, string SectionCode, string Ring, string Mechanisms);

/// <summary>A bid ring planted by the generator: what rings.csv says about it.</summary>
public sealed record DemoRing(string Id, string Category, IReadOnlyList<string> MemberCodes);

/// <summary>
/// The synthetic trading market of Haikou: a few thousand firms, each with its own addresses, computers, dongles,
/// deposit account and project managers, bidding competitively; and a few rings of 3–6 firms that rotate the
/// winner, place cover bids just above the designated winner and sometimes leave the art. 40 fingerprints.
/// The same seed always gives the same market, whether written as CSV (<see cref="DemoCsv"/>) or enumerated here.
/// </summary>
public sealed class DemoMarket
{
    internal static readonly string[] CategoryNames = ["施工", "监理", "勘察设计", "货物", "服务"];

    /// <summary>Share of sections in each category.</summary>
    private static readonly double[] SectionShare = [40, 55, 65, 85, 100];
    private static readonly double[] FirmShare = [45, 12, 10, 18, 15];
    private static readonly int[] MinBidders = [6, 4, 3, 3, 3];
    private static readonly int[] MaxBidders = [15, 14, 10, 12, 12];

    /// <summary>Control prices are log-normal: median in yuan and sigma of the logarithm.</summary>
    private static readonly double[] MedianControl = [6_000_000, 600_000, 900_000, 800_000, 700_000];
    private static readonly double[] SigmaControl = [1.0, 0.8, 0.9, 1.0, 0.9];

    /// <summary>Mean discount (下浮率) of competitive bids from the control price.</summary>
    private static readonly double[] MeanDiscount = [0.075, 0.12, 0.10, 0.11, 0.09];

    /// <summary>房建, 市政, 公路, 水利.</summary>
    private static readonly double[] SubtypeShare = [40, 70, 85, 100];
    private static readonly string[] ModeNames = ["公开招标", "邀请招标", "竞争性磋商", "竞争性谈判", "询价"];
    private static readonly double[] WorksModes = [93, 100, 100, 100, 100];
    private static readonly double[] ProcurementModes = [72, 72, 86, 95, 100];
    private static readonly string[] SectionNumerals = ["一", "二", "三", "四"];

    /// <summary>The share of sections handed to a ring (the brief asks for 5–10 %).</summary>
    internal const double CollusiveShare = 0.075;

    /// <summary>The share of firms whose credit code carries a wrong check character, as real registers do.</summary>
    internal const double InvalidCodeShare = 0.005;

    private static readonly DateTime Start = new(2023, 1, 2, 0, 0, 0, DateTimeKind.Unspecified);
    private const int SpanDays = 3 * 365;

    private readonly ulong _seed;
    private readonly int[][] _pools = new int[5][];
    private readonly Ring[][] _ringsByCategory = new Ring[5][];
    private readonly int[][] _tenderersByDistrict = new int[4][];
    private readonly int[] _cityTenderers;
    private readonly double[] _districtShare;
    private readonly Txt[] _categoryTxt = [.. CategoryNames.Select(n => new Txt(n))];
    private readonly Txt[] _modeTxt = [.. ModeNames.Select(n => new Txt(n))];
    private readonly Txt[] _supervisorTxt = [.. DemoCity.SupervisingDepartments.Select(n => new Txt(n))];
    private readonly Txt[] _districtTxt = [.. DemoVocabulary.Districts.Select(d => new Txt("海口市" + d.Name))];
    private readonly Txt[] _districtCodeTxt = [.. DemoVocabulary.Districts.Select(d => new Txt(d.Code))];
    private readonly Txt[][] _placeTxt = [.. DemoVocabulary.Districts.Select(d => d.Places.Select(p => new Txt(p)).ToArray())];
    private readonly Txt[][] _worksObjectTxt = [.. DemoVocabulary.WorksObjects.Select(a => a.Select(o => new Txt(o)).ToArray())];
    private readonly Txt[][] _worksKindTxt = [.. DemoVocabulary.WorksKinds.Select(a => a.Select(o => new Txt(o)).ToArray())];
    private readonly Txt[] _goodsTxt = [.. DemoVocabulary.GoodsObjects.Select(o => new Txt(o))];
    private readonly Txt[] _servicesTxt = [.. DemoVocabulary.ServiceObjects.Select(o => new Txt(o))];
    private readonly Txt[] _workSuffixTxt = [new("施工"), new("监理"), new("勘察设计")];
    private readonly Txt _projectSuffix = new("项目");
    private readonly Txt[] _lotTxt = [.. SectionNumerals.Select(n => new Txt("第" + n + "标段"))];
    private readonly Txt[] _packageTxt = [.. SectionNumerals.Select(n => new Txt("第" + n + "包"))];

    private long _projectIndex;
    private int _sectionsDone;

    internal DemoMarket(int tenders, ulong seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(tenders);
        Tenders = tenders;
        _seed = seed;
        _districtShare = Cumulative(DemoVocabulary.Districts.Select(d => d.Weight));
        var rng = DemoRandom.For(seed, 1, 0);
        var codes = new Sequence(seed, 11, 100_000_000);
        var names = new HashSet<string>(StringComparer.Ordinal);
        var people = new PeopleFactory(names);

        BuildBodies(ref rng, codes, names);
        _cityTenderers = [.. Enumerable.Range(0, Tenderers.Count).Where(i => Tenderers[i].District < 0)];
        for (var d = 0; d < 4; d++)
        {
            var district = d;
            _tenderersByDistrict[d] = [.. Enumerable.Range(0, Tenderers.Count).Where(i => Tenderers[i].District == district)];
        }

        BuildFirms(ref rng, codes, names, people);
        BuildRings(ref rng);
    }

    internal int Tenders { get; }

    internal List<Firm> Firms { get; } = [];
    internal List<Txt> Ips { get; } = [];
    internal List<Computer> Computers { get; } = [];
    internal List<Txt> Dongles { get; } = [];
    internal List<Txt> Accounts { get; } = [];
    internal List<Person> Pms { get; } = [];
    internal List<Person> Contacts { get; } = [];
    internal List<Body> Tenderers { get; } = [];
    internal List<Body> Agencies { get; } = [];
    internal List<Ring> Rings { get; } = [];

    /// <summary>The market as import fragments, one project at a time (streamed: nothing is kept).</summary>
    public static IEnumerable<ProjectData> Generate(int tenders, ulong seed)
    {
        var market = new DemoMarket(tenders, seed);
        var draft = new ProjectDraft();
        while (market.Next(draft))
        {
            yield return market.ToProjectData(draft);
        }
    }

    /// <summary>The planted collusive sections of the market of this size and seed (truth.csv).</summary>
    public static IEnumerable<DemoTruth> Truth(int tenders, ulong seed)
    {
        var market = new DemoMarket(tenders, seed);
        var draft = new ProjectDraft();
        while (market.Next(draft))
        {
            var code = market.ProjectCode(draft);
            for (var i = 0; i < draft.SectionCount; i++)
            {
                var s = draft.Sections[i];
                if (s.Ring >= 0)
                {
                    yield return new DemoTruth(code, SectionCode(code, s), market.Rings[s.Ring].Id.Value, Mechanisms.Format(s.Mechanisms));
                }
            }
        }
    }

    /// <summary>The planted rings (rings.csv).</summary>
    public static IReadOnlyList<DemoRing> RingsOf(int tenders, ulong seed)
    {
        var market = new DemoMarket(tenders, seed);
        return [.. market.Rings.Select(r => new DemoRing(
            r.Id.Value, CategoryNames[(int)r.Category], [.. r.Members.Select(m => market.Firms[m].Code.Value)]))];
    }

    internal string ProjectCode(ProjectDraft p) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"E{DemoVocabulary.Districts[p.District].Code}{p.Index + 1:D8}");

    internal static string SectionCode(string projectCode, SectionDraft s) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{projectCode}-{s.Ordinal:D2}");

    internal Txt CategoryText(DemoCategory c) => _categoryTxt[(int)c];

    internal Txt ModeText(int mode) => _modeTxt[mode];

    internal Txt SupervisorText(int supervisor) => _supervisorTxt[supervisor];

    internal Txt DistrictCodeText(int district) => _districtCodeTxt[district];

    internal Txt? SectionSuffix(ProjectDraft p, SectionDraft s) =>
        p.SectionCount == 1 ? null : p.Category is DemoCategory.Goods or DemoCategory.Services ? _packageTxt[s.Ordinal - 1] : _lotTxt[s.Ordinal - 1];

    /// <summary>Fills the next project; false when the requested number of sections has been produced.</summary>
    internal bool Next(ProjectDraft p)
    {
        if (_sectionsDone >= Tenders)
        {
            return false;
        }

        // One generator per project, derived from the seed and the project's position: the market does not depend
        // on how far another consumer has read.
        var rng = DemoRandom.For(_seed, 2, (ulong)_projectIndex);
        p.Index = _projectIndex++;
        p.Category = (DemoCategory)rng.Pick(SectionShare);
        p.District = rng.Pick(_districtShare);
        var works = p.Category is DemoCategory.Works or DemoCategory.Supervision or DemoCategory.Design;
        p.Subtype = works ? rng.Pick(SubtypeShare) : 0;
        p.Supervisor = !works ? 3 : p.Subtype switch { 2 => 1, 3 => 2, _ => 0 };
        var localTenderers = _tenderersByDistrict[p.District];
        p.Tenderer = rng.Chance(0.7) ? localTenderers[rng.Next(localTenderers.Length)] : _cityTenderers[rng.Next(_cityTenderers.Length)];
        var u = rng.NextDouble();
        p.Agency = (int)(Agencies.Count * u * u);
        p.Mode = rng.Pick(works ? WorksModes : ProcurementModes);
        var dayOffset = (int)((long)SpanDays * _sectionsDone / Tenders);
        p.CreatedAt = Start.AddDays(dayOffset).AddMinutes(rng.Between(8 * 60, (17 * 60) + 30)).AddSeconds(rng.Next(60));

        p.NamePartCount = 0;
        if (works)
        {
            var places = _placeTxt[p.District];
            var objects = _worksObjectTxt[p.Subtype];
            var kinds = _worksKindTxt[p.Subtype];
            AddName(p, _districtTxt[p.District]);
            AddName(p, places[rng.Next(places.Length)]);
            AddName(p, objects[rng.Next(objects.Length)]);
            AddName(p, kinds[rng.Next(kinds.Length)]);
            AddName(p, _workSuffixTxt[(int)p.Category]);
        }
        else
        {
            var objects = p.Category == DemoCategory.Goods ? _goodsTxt : _servicesTxt;
            AddName(p, Tenderers[p.Tenderer].Name);
            AddName(p, objects[rng.Next(objects.Length)]);
            AddName(p, _projectSuffix);
        }

        p.SectionCount = Math.Min(rng.Pick([70, 88, 96, 100]) + 1, Tenders - _sectionsDone);
        for (var i = 0; i < p.SectionCount; i++)
        {
            GenerateSection(ref rng, p, p.Sections[i], i + 1);
        }

        _sectionsDone += p.SectionCount;
        return true;
    }

    private static void AddName(ProjectDraft p, Txt part) => p.NameParts[p.NamePartCount++] = part;

    private void GenerateSection(ref DemoRandom rng, ProjectDraft p, SectionDraft s, int ordinal)
    {
        var c = (int)p.Category;
        s.Ordinal = ordinal;
        s.Ring = -1;
        s.Mechanisms = Mechanism.None;
        var yuan = DetMath.Exp(DetMath.Log(MedianControl[c]) + (SigmaControl[c] * rng.Gaussian()));
        yuan = Math.Clamp(yuan, 20_000.0, 5_000_000_000.0);
        s.Control = (long)Math.Round(yuan * 100.0, MidpointRounding.AwayFromZero);
        s.Estimate = (long)Math.Ceiling(s.Control * rng.Uniform(1.0, 1.08) / 10_000.0) * 10_000;
        s.NoticeAt = p.CreatedAt.Date.AddDays(rng.Between(1, 3)).AddMinutes(rng.Between(9 * 60, 17 * 60)).AddSeconds(rng.Next(60));
        var open = p.Mode >= 2 ? rng.Between(5, 12) : rng.Between(20, 30);
        s.OpenAt = s.NoticeAt.Date.AddDays(open).AddMinutes(rng.Pick([20, 40, 60, 80, 100]) switch
        {
            0 => 9 * 60,
            1 => (9 * 60) + 30,
            2 => 10 * 60,
            3 => (14 * 60) + 30,
            _ => 15 * 60,
        });
        s.AwardAt = s.OpenAt.Date.AddDays(rng.Between(2, 7)).AddMinutes(rng.Between(9 * 60, 17 * 60)).AddSeconds(rng.Next(60));
        var keyBase = ((ulong)p.Index << 16) | ((ulong)ordinal << 8);

        var rings = _ringsByCategory[c];
        if (rings.Length > 0 && rng.Chance(CollusiveShare))
        {
            Collusive(ref rng, p, s, rings[rng.Next(rings.Length)], keyBase);
        }
        else
        {
            Competitive(ref rng, p, s, keyBase);
        }

        // Bids are listed in the order they were uploaded.
        var bids = s.Bids;
        for (var i = 1; i < s.BidCount; i++)
        {
            var item = bids[i];
            var j = i - 1;
            while (j >= 0 && bids[j].Checkin > item.Checkin)
            {
                bids[j + 1] = bids[j];
                j--;
            }

            bids[j + 1] = item;
        }

        for (var i = 0; i < s.BidCount; i++)
        {
            if (bids[i].Winner)
            {
                s.Winner = i;
            }
        }
    }

    private int BidderCount(ref DemoRandom rng, int c)
    {
        var range = MaxBidders[c] - MinBidders[c] + 1;
        return MinBidders[c] + (rng.Chance(0.5) ? rng.Next(range) : Math.Max(rng.Next(range), rng.Next(range)));
    }

    private void Competitive(ref DemoRandom rng, ProjectDraft p, SectionDraft s, ulong keyBase)
    {
        var c = (int)p.Category;
        var n = BidderCount(ref rng, c);
        s.BidCount = 0;
        var mu = Math.Clamp(rng.Normal(MeanDiscount[c], 0.025), 0.01, 0.3);
        for (var i = 0; i < n; i++)
        {
            ref var b = ref AddBid(ref rng, s, PickFirm(ref rng, c, s, -1), keyBase);
            b.Price = PriceAt(s.Control, Math.Clamp(mu + rng.Normal(0, 0.03), 0.002, 0.45));
            b.Status = RandomStatus(ref rng);
        }

        // The winner is the lowest valid price under 经评审的最低投标价法, or one of the next two when the
        // comprehensive evaluation (综合评估法) weighs other factors.
        Span<int> best = [-1, -1, -1];
        var valid = 0;
        for (var i = 0; i < s.BidCount; i++)
        {
            if (s.Bids[i].Status != 0)
            {
                continue;
            }

            valid++;
            var price = s.Bids[i].Price;
            if (best[0] < 0 || price < s.Bids[best[0]].Price)
            {
                best[2] = best[1];
                best[1] = best[0];
                best[0] = i;
            }
            else if (best[1] < 0 || price < s.Bids[best[1]].Price)
            {
                best[2] = best[1];
                best[1] = i;
            }
            else if (best[2] < 0 || price < s.Bids[best[2]].Price)
            {
                best[2] = i;
            }
        }

        if (valid == 0)
        {
            s.Bids[0].Status = 0;
            best[0] = 0;
            valid = 1;
        }

        var rank = rng.Pick([75, 92, 100]);
        s.Bids[best[Math.Min(rank, Math.Min(valid, 3) - 1)]].Winner = true;
    }

    private void Collusive(ref DemoRandom rng, ProjectDraft p, SectionDraft s, Ring ring, ulong keyBase)
    {
        var c = (int)p.Category;
        s.Ring = ring.Index;
        s.BidCount = 0;
        var members = ring.Members;
        var m = members.Length;
        int designated;
        if (ring.Rotates)
        {
            designated = members[ring.Turn % m];
            ring.Turn++;
        }
        else
        {
            designated = rng.Chance(0.7) ? members[ring.Boss] : members[rng.Next(m)];
        }

        Span<int> others = stackalloc int[m];
        var otherCount = 0;
        foreach (var f in members)
        {
            if (f != designated)
            {
                others[otherCount++] = f;
            }
        }

        var covers = rng.Between(3, m) - 1;
        for (var i = 0; i < covers; i++)
        {
            var j = i + rng.Next(otherCount - i);
            (others[i], others[j]) = (others[j], others[i]);
        }

        ref var winner = ref AddBid(ref rng, s, designated, keyBase);
        winner.Winner = true;
        for (var i = 0; i < covers; i++)
        {
            AddBid(ref rng, s, others[i], keyBase);
        }

        // Outsiders bid competitively; the ring's winner still undercuts them (it knows or guesses their prices).
        var outsiders = rng.Pick([55, 85, 100]);
        var mu = Math.Clamp(rng.Normal(MeanDiscount[c], 0.025), 0.01, 0.3);
        var lowestOutsider = long.MaxValue;
        for (var i = 0; i < outsiders; i++)
        {
            ref var b = ref AddBid(ref rng, s, PickFirm(ref rng, c, s, ring.Index), keyBase);
            b.Price = PriceAt(s.Control, Math.Clamp(mu + rng.Normal(0, 0.03), 0.002, 0.45));
            b.Status = RandomStatus(ref rng);
            if (b.Status == 0)
            {
                lowestOutsider = Math.Min(lowestOutsider, b.Price);
            }
        }

        var rigged = Math.Clamp(rng.Normal(MeanDiscount[c] - 0.045, 0.012), 0.004, Math.Max(0.004, MeanDiscount[c]));
        var win = PriceAt(s.Control, rigged);
        if (lowestOutsider <= win)
        {
            win = (long)Math.Round(lowestOutsider * (1.0 - rng.Uniform(0.001, 0.006)), MidpointRounding.AwayFromZero);
        }

        s.Bids[0].Price = win;
        var room = s.Control - win;
        var mechanisms = Mechanism.CoverBidding | (ring.Rotates ? Mechanism.Rotation : Mechanism.None);
        var style = rng.Pick(ring.PriceStyles);
        if (style == 1)
        {
            mechanisms |= Mechanism.PriceSteps;
            var step = Math.Min(win * rng.Uniform(0.004, 0.015), room * 0.95 / covers);
            if (rng.Chance(0.6))
            {
                // Arithmetic steps in round amounts, as a ring agrees them.
                var unit = step >= 100_000 ? 10_000L : step >= 10_000 ? 1_000L : 100L;
                var whole = Math.Max(unit, (long)(step / unit) * unit);
                if (win + (covers * whole) > s.Control)
                {
                    whole = Math.Max(1, room / (covers + 1));
                }

                for (var i = 1; i <= covers; i++)
                {
                    s.Bids[i].Price = win + (i * whole);
                }
            }
            else
            {
                var ratio = 1.0 + (step / win);
                var price = (double)win;
                for (var i = 1; i <= covers; i++)
                {
                    price *= ratio;
                    s.Bids[i].Price = Math.Min(s.Control, (long)Math.Round(price, MidpointRounding.AwayFromZero));
                }
            }
        }
        else
        {
            var upper = Math.Min(win * 0.04, room * 0.95);
            var lower = Math.Min(win * 0.002, upper / 2);
            for (var i = 1; i <= covers; i++)
            {
                s.Bids[i].Price = Math.Min(s.Control, win + Math.Max(1, (long)Math.Round(rng.Uniform(lower, upper), MidpointRounding.AwayFromZero)));
            }

            if (style == 2)
            {
                mechanisms |= Mechanism.IdenticalPrice;
                var first = 1 + rng.Next(covers);
                var second = 1 + ((first + rng.Next(covers - 1)) % covers);
                var all = rng.Chance(0.3);
                for (var i = 1; i <= covers; i++)
                {
                    if (i == second || all)
                    {
                        s.Bids[i].Price = s.Bids[first].Price;
                    }
                }
            }
        }

        // Fingerprints: the designated winner's office prepared the cover bids, and it shows in some of them.
        foreach (var mechanism in Mechanisms.Fingerprints)
        {
            if ((ring.Leaks & mechanism) == 0 || !rng.Chance(ring.LeakChance))
            {
                continue;
            }

            mechanisms |= mechanism;
            var planted = 0;
            for (var i = 1; i <= covers; i++)
            {
                if (rng.Chance(0.6))
                {
                    Plant(ref rng, s, i, mechanism);
                    planted++;
                }
            }

            if (planted == 0)
            {
                Plant(ref rng, s, 1 + rng.Next(covers), mechanism);
            }
        }

        s.Mechanisms = mechanisms;
    }

    private static void Plant(ref DemoRandom rng, SectionDraft s, int target, Mechanism mechanism)
    {
        ref var source = ref s.Bids[0];
        ref var bid = ref s.Bids[target];
        switch (mechanism)
        {
            case Mechanism.SharedIp:
                bid.Ip = source.Ip;
                break;
            case Mechanism.SharedMac:
                bid.Hardware = source.Hardware;
                break;
            case Mechanism.SharedFileCode:
                bid.FileKey = source.FileKey;
                break;
            case Mechanism.SharedMachineCode:
                bid.MachineCode = source.MachineCode;
                break;
            case Mechanism.SharedDongle:
                bid.Dongle = source.Dongle;
                break;
            case Mechanism.SameDeposit:
                bid.Account = source.Account;
                break;
            case Mechanism.SamePm:
                bid.Pm = source.Pm;
                break;
            case Mechanism.SameContact:
                bid.Contact = source.Contact;
                break;
            default:
                return;
        }

        if (mechanism is Mechanism.SharedIp or Mechanism.SharedMac or Mechanism.SharedMachineCode)
        {
            // Uploaded from the same desk: minutes after the winner's own bid.
            var at = source.Checkin.AddSeconds(rng.Between(60, 2400));
            if (at < s.OpenAt)
            {
                bid.Checkin = at;
            }
        }
    }

    private static byte RandomStatus(ref DemoRandom rng)
    {
        var x = rng.NextDouble();
        return x < 0.025 ? (byte)1 : x < 0.035 ? (byte)2 : (byte)0;
    }

    private static long PriceAt(long control, double discount) =>
        (long)Math.Round(control * (1.0 - discount), MidpointRounding.AwayFromZero);

    /// <summary>A firm of the category not yet in the section: busy firms bid far more often than the rest.</summary>
    private int PickFirm(ref DemoRandom rng, int c, SectionDraft s, int excludedRing)
    {
        var pool = _pools[c];
        while (true)
        {
            var u = rng.NextDouble();
            var firm = pool[(int)(pool.Length * u * Math.Sqrt(u))];
            if (excludedRing >= 0 && Firms[firm].Ring == excludedRing)
            {
                continue;
            }

            var taken = false;
            for (var i = 0; i < s.BidCount; i++)
            {
                if (s.Bids[i].Firm == firm)
                {
                    taken = true;
                    break;
                }
            }

            if (!taken)
            {
                return firm;
            }
        }
    }

    private ref BidDraft AddBid(ref DemoRandom rng, SectionDraft s, int firmIndex, ulong keyBase)
    {
        var firm = Firms[firmIndex];
        var index = s.BidCount++;
        ref var b = ref s.Bids[index];
        var key = keyBase | (uint)index;
        var computer = firm.Computers[rng.Next(firm.Computers.Length)];
        b = new BidDraft
        {
            Firm = firmIndex,
            Checkin = s.OpenAt.AddSeconds(-rng.Between(600, 6 * 24 * 3600)),
            Ip = firm.Ips[rng.Next(firm.Ips.Length)],
            Hardware = computer,
            MachineCode = computer,
            Dongle = firm.Dongles[rng.Next(firm.Dongles.Length)],
            Account = firm.Account,
            Pm = firm.Pms[rng.Next(firm.Pms.Length)],
            Contact = firm.Contact,
            FileKey = key,
            DocKey = key,
        };
        return ref b;
    }

    internal ProjectData ToProjectData(ProjectDraft p)
    {
        var code = ProjectCode(p);
        var tenderer = Tenderers[p.Tenderer];
        var agency = Agencies[p.Agency];
        var name = JoinName(p, null);
        var project = new ProjectData
        {
            Code = code,
            Name = name,
            Category = p.Category is DemoCategory.Goods or DemoCategory.Services ? TradingCategory.GovernmentProcurement : TradingCategory.Construction,
            CategoryDetail = CategoryNames[(int)p.Category],
            Region = DemoVocabulary.Districts[p.District].Code,
            Tenderer = new PartyRef(tenderer.Name.Value, tenderer.Code.Value),
            Agency = new PartyRef(agency.Name.Value, agency.Code.Value),
            SupervisingDepartment = DemoCity.SupervisingDepartments[p.Supervisor],
            TenderMode = ModeNames[p.Mode],
            PublishedAt = Local(p.CreatedAt),
        };
        for (var i = 0; i < p.SectionCount; i++)
        {
            var s = p.Sections[i];
            var section = new SectionData
            {
                Code = SectionCode(code, s),
                Name = JoinName(p, SectionSuffix(p, s)),
                ControlPrice = Money(s.Control),
                EstimatedPrice = Money(s.Estimate),
                NoticeAt = Local(s.NoticeAt),
                BidOpenAt = Local(s.OpenAt),
                AwardAmount = Money(s.Bids[s.Winner].Price),
                AwardDiscountRate = DiscountBasisPoints(s.Control, s.Bids[s.Winner].Price) / 100m,
                AwardAt = Local(s.AwardAt),
            };
            var winner = Firms[s.Bids[s.Winner].Firm];
            section.Winner = new PartyRef(winner.Name.Value, winner.Code.Value, winner.LegalRep.Value);
            for (var j = 0; j < s.BidCount; j++)
            {
                ref var b = ref s.Bids[j];
                var firm = Firms[b.Firm];
                var computer = Computers[b.Hardware];
                var pm = Pms[b.Pm];
                var contact = Contacts[b.Contact];
                section.Bids.Add(new BidData
                {
                    Bidder = new PartyRef(firm.Name.Value, firm.Code.Value, firm.LegalRep.Value),
                    Price = Money(b.Price),
                    SubmittedAt = Local(b.Checkin),
                    Status = b.Status switch { 0 => BidStatus.Valid, 1 => BidStatus.Disqualified, _ => BidStatus.Withdrawn },
                    UploadIp = Ips[b.Ip].Value,
                    Mac = computer.Mac.Value,
                    CpuSerial = computer.Cpu.Value,
                    DiskSerial = computer.Disk.Value,
                    FileMachineCode = Computers[b.MachineCode].MachineCode.Value,
                    FileCreationCode = Hex(FileCode(b.FileKey), lower: false),
                    DongleSerial = Dongles[b.Dongle].Value,
                    DepositAccount = Accounts[b.Account].Value,
                    ProjectManager = pm.Name.Value,
                    PmCertificate = pm.Detail.Value.Length == 0 ? null : pm.Detail.Value,
                    ContactPerson = contact.Name.Value,
                    ContactPhone = contact.Detail.Value,
                    LegalRepresentative = firm.LegalRep.Value,
                    DocHash = Hex(DocHash(b.DocKey), lower: true),
                });
            }

            project.Sections.Add(section);
        }

        return project;
    }

    private static string JoinName(ProjectDraft p, Txt? suffix)
    {
        var parts = new string[p.NamePartCount + (suffix is null ? 0 : 1)];
        for (var i = 0; i < p.NamePartCount; i++)
        {
            parts[i] = p.NameParts[i].Value;
        }

        if (suffix is not null)
        {
            parts[^1] = suffix.Value;
        }

        return string.Concat(parts);
    }

    private static string Hex(ReadOnlySpan<ulong> words, bool lower)
    {
        Span<byte> bytes = stackalloc byte[words.Length * 8];
        for (var i = 0; i < words.Length; i++)
        {
            System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(bytes[(i * 8)..], words[i]);
        }

        return lower ? Convert.ToHexStringLower(bytes) : Convert.ToHexString(bytes);
    }

    internal static decimal Money(long cents) => cents / 100m;

    internal static DateTimeOffset Local(DateTime t) => ChinaTime.FromLocal(t);

    /// <summary>下浮率 in hundredths of a percent, rounded half up.</summary>
    internal static long DiscountBasisPoints(long control, long price) =>
        (((control - price) * 20_000 / control) + 1) >> 1;

    /// <summary>文件创建标识码: 128 bits whose first half is a bijection of the bid key, hence unique per bid.</summary>
    internal (ulong, ulong) FileCodeWords(ulong key) =>
        (DemoRandom.Mix(key ^ _seed ^ 0xF11E0C0DE0000001), DemoRandom.Mix((key * 31) + _seed + 0x5EED));

    internal ulong[] FileCode(ulong key)
    {
        var (a, b) = FileCodeWords(key);
        return [a, b];
    }

    internal ulong[] DocHash(ulong key)
    {
        var words = new ulong[4];
        DocHashWords(key, words);
        return words;
    }

    /// <summary>A SHA-256-sized document hash, unique per bid for the same reason as the file code.</summary>
    internal void DocHashWords(ulong key, Span<ulong> words)
    {
        words[0] = DemoRandom.Mix(key ^ _seed ^ 0xD0C0000000000000);
        words[1] = DemoRandom.Mix(key + 0x1111111111111111 + _seed);
        words[2] = DemoRandom.Mix(key + 0x2222222222222222 + _seed);
        words[3] = DemoRandom.Mix(key + 0x3333333333333333 + _seed);
    }

    private static double[] Cumulative(IEnumerable<double> weights)
    {
        var total = 0.0;
        return [.. weights.Select(w => total += w)];
    }

    private void BuildBodies(ref DemoRandom rng, Sequence codes, HashSet<string> names)
    {
        for (var d = 0; d < DemoVocabulary.Districts.Length; d++)
        {
            var (code, name, _, places) = DemoVocabulary.Districts[d];
            foreach (var (body, kind) in DemoVocabulary.DistrictBodies)
            {
                AddBody(Tenderers, "海口市" + name + body, kind, code, d, codes, names);
            }

            foreach (var place in places)
            {
                var office = place.EndsWith('镇') ? "人民政府" : "办事处";
                AddBody(Tenderers, "海口市" + name + place + office, "11", code, d, codes, names);
            }
        }

        foreach (var (body, kind) in DemoVocabulary.CityBodies)
        {
            AddBody(Tenderers, body, kind, "460100", -1, codes, names);
        }

        while (Agencies.Count < 40)
        {
            var word = DemoVocabulary.TradeWords[rng.Next(DemoVocabulary.TradeWords.Length)];
            var kind = DemoVocabulary.AgencyKinds[rng.Next(DemoVocabulary.AgencyKinds.Length)];
            var name = "海南" + word + kind;
            if (!names.Contains(name))
            {
                AddBody(Agencies, name, "91", "460100", -1, codes, names);
            }
        }
    }

    private static void AddBody(List<Body> list, string name, string kind, string division, int district, Sequence codes, HashSet<string> names)
    {
        names.Add(name);
        list.Add(new Body
        {
            Name = new Txt(name),
            Code = new Txt(DemoCreditCode.Create(kind, division, codes.NextDigits(8))),
            District = district,
        });
    }

    private void BuildFirms(ref DemoRandom rng, Sequence codes, HashSet<string> names, PeopleFactory people)
    {
        var firmCount = Math.Clamp(Tenders / 2, 400, 4000);
        var regionShare = Cumulative(DemoVocabulary.FirmRegions.Select(r => r.Weight));
        var firmShare = Cumulative(FirmShare);
        var ipSeq = new Sequence(_seed, 21, 254 * 256);
        var macSeq = new Sequence(_seed, 22, 1L << 24);
        var cpuSeq = new Sequence(_seed, 23, 1L << 32);
        var diskSeq = new Sequence(_seed, 24, 1L << 32);
        var dongleSeq = new Sequence(_seed, 25, 10_000_000_000);
        var accountSeq = new Sequence(_seed, 26, 1_000_000_000_000_000);
        var certSeq = new Sequence(_seed, 27, 1_000_000_000);
        var phoneSeq = new Sequence(_seed, 28, 100_000_000);
        var pools = new List<int>[5];
        for (var c = 0; c < 5; c++)
        {
            pools[c] = [];
        }

        for (var i = 0; i < firmCount; i++)
        {
            // Categories are dealt in proportion rather than drawn, so that even a small market has every kind.
            var position = (i + 0.5) * 100.0 / firmCount;
            var category = (DemoCategory)Array.FindIndex(firmShare, w => w > position);
            var c = (int)category;
            var (prefix, divisions, _) = DemoVocabulary.FirmRegions[rng.Pick(regionShare)];
            string name;
            do
            {
                var word = DemoVocabulary.TradeWords[rng.Next(DemoVocabulary.TradeWords.Length)];
                if (rng.Chance(0.5))
                {
                    word += DemoVocabulary.TradeWords[rng.Next(DemoVocabulary.TradeWords.Length)];
                }

                var suffixes = DemoVocabulary.FirmSuffixes[c];
                name = prefix + word + suffixes[rng.Next(suffixes.Length)];
            }
            while (!names.Add(name));

            var code = DemoCreditCode.Create("91", divisions[rng.Next(divisions.Length)], codes.NextDigits(8));
            var valid = !rng.Chance(InvalidCodeShare);
            if (!valid)
            {
                code = DemoCreditCode.Corrupt(code, rng.Next(30));
            }

            var ips = new int[rng.Between(1, 2)];
            for (var k = 0; k < ips.Length; k++)
            {
                var n = Ips.Count;
                var prefixIp = DemoVocabulary.IpPrefixes[n % DemoVocabulary.IpPrefixes.Length];
                var host = ipSeq.Value(n / DemoVocabulary.IpPrefixes.Length);
                ips[k] = n;
                Ips.Add(new Txt(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{prefixIp}.{host / 254}.{(host % 254) + 1}")));
            }

            var computers = new int[rng.Between(1, 3)];
            for (var k = 0; k < computers.Length; k++)
            {
                var n = Computers.Count;
                computers[k] = n;
                var mac = macSeq.Value(n / DemoVocabulary.MacOuis.Length);
                var machine = DemoRandom.Mix(((ulong)n * 0x9E3779B97F4A7C15) ^ _seed ^ 0x3AC41E);
                Computers.Add(new Computer
                {
                    Mac = new Txt(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                        $"{DemoVocabulary.MacOuis[n % DemoVocabulary.MacOuis.Length]}-{mac >> 16:X2}-{(mac >> 8) & 0xFF:X2}-{mac & 0xFF:X2}")),
                    Cpu = new Txt(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"BFEBFBFF{cpuSeq.Value(n):X8}")),
                    Disk = new Txt(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                        $"{DemoVocabulary.DiskPrefixes[rng.Next(DemoVocabulary.DiskPrefixes.Length)]}{diskSeq.Value(n):X8}")),
                    MachineCode = new Txt(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                        $"{DemoRandom.Mix((ulong)n + _seed + 0x77):X16}{machine:X16}")),
                });
            }

            var dongles = new int[c <= 2 ? rng.Between(1, 2) : 1];
            for (var k = 0; k < dongles.Length; k++)
            {
                var n = Dongles.Count;
                dongles[k] = n;
                Dongles.Add(new Txt(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                    $"{DemoVocabulary.DonglePrefixes[rng.Next(DemoVocabulary.DonglePrefixes.Length)]}{dongleSeq.Value(n):D10}")));
            }

            var pms = new int[category == DemoCategory.Works ? rng.Between(3, 8) : rng.Between(2, 5)];
            for (var k = 0; k < pms.Length; k++)
            {
                pms[k] = Pms.Count;
                var cert = c switch
                {
                    0 => "琼146",
                    1 => "琼446",
                    2 => "琼546",
                    _ => null,
                };
                Pms.Add(new Person
                {
                    Name = new Txt(people.Next(ref rng)),
                    Detail = new Txt(cert is null ? "" : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{cert}{certSeq.Value(Pms.Count):D9}")),
                });
            }

            var account = Accounts.Count;
            Accounts.Add(new Txt(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"{DemoVocabulary.BankPrefixes[rng.Next(DemoVocabulary.BankPrefixes.Length)]}{accountSeq.Value(account):D15}")));
            var contact = Contacts.Count;
            Contacts.Add(new Person
            {
                Name = new Txt(people.Next(ref rng)),
                Detail = new Txt(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                    $"{DemoVocabulary.MobilePrefixes[contact % DemoVocabulary.MobilePrefixes.Length]}{phoneSeq.Value(contact / DemoVocabulary.MobilePrefixes.Length):D8}")),
            });

            pools[c].Add(i);
            Firms.Add(new Firm
            {
                Index = i,
                Name = new Txt(name),
                Code = new Txt(code),
                CodeValid = valid,
                Category = category,
                LegalRep = new Txt(people.Next(ref rng)),
                Ips = ips,
                Computers = computers,
                Dongles = dongles,
                Pms = pms,
                Account = account,
                Contact = contact,
            });
        }

        for (var c = 0; c < 5; c++)
        {
            _pools[c] = [.. pools[c]];
        }
    }

    private void BuildRings(ref DemoRandom rng)
    {
        for (var c = 0; c < 5; c++)
        {
            var pool = _pools[c];
            var count = pool.Length < 12 ? 0 : Math.Max(1, pool.Length / 70);
            var rings = new Ring[count];
            for (var r = 0; r < count; r++)
            {
                var size = rng.Between(3, 6);
                var members = new int[size];
                for (var k = 0; k < size; k++)
                {
                    int firm;
                    do
                    {
                        // Rings form among the firms that bid often: half of the pool, the busier half.
                        firm = pool[rng.Next(Math.Max(size * 2, pool.Length / 2))];
                    }
                    while (Firms[firm].Ring >= 0);

                    Firms[firm].Ring = Rings.Count;
                    members[k] = firm;
                }

                Mechanism leaks = Mechanism.None;
                if (!rng.Chance(0.25))
                {
                    var wanted = rng.Between(1, 3);
                    while (wanted > 0)
                    {
                        var mechanism = Mechanisms.Fingerprints[rng.Next(Mechanisms.Fingerprints.Length)];
                        if ((leaks & mechanism) == 0)
                        {
                            leaks |= mechanism;
                            wanted--;
                        }
                    }
                }

                var plain = rng.Uniform(1, 3);
                var steps = rng.Uniform(0, 2);
                var identical = rng.Uniform(0, 1.2);
                var ring = new Ring
                {
                    Index = Rings.Count,
                    Id = new Txt(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"R{Rings.Count + 1:D3}")),
                    Category = (DemoCategory)c,
                    Members = members,
                    Rotates = rng.Chance(0.85),
                    Boss = rng.Next(size),
                    Turn = rng.Next(size),
                    Leaks = leaks,
                    LeakChance = rng.Uniform(0.45, 0.95),
                    PriceStyles = [plain, plain + steps, plain + steps + identical],
                };
                rings[r] = ring;
                Rings.Add(ring);
            }

            _ringsByCategory[c] = rings;
        }
    }

    /// <summary>
    /// Distinct numbers below a modulus in a scrambled order: value(k) = (a·k + b) mod m with a coprime to m is a
    /// bijection, so identifiers built from it never repeat (a shared value must mean collusion, not chance).
    /// </summary>
    private sealed class Sequence
    {
        private readonly ulong _a;
        private readonly ulong _b;
        private readonly ulong _m;
        private long _next;

        public Sequence(ulong seed, ulong stream, long modulus)
        {
            _m = (ulong)modulus;
            var sm = seed ^ (stream * 0xA24BAED4963EE407);
            _b = DemoRandom.SplitMix(ref sm) % _m;
            var a = (DemoRandom.SplitMix(ref sm) % _m) | 1;
            while (Gcd(a, _m) != 1)
            {
                a += 2;
            }

            _a = a % _m;
        }

        public long Value(long k) => (long)(((UInt128)_a * (ulong)k + _b) % _m);

        public string NextDigits(int width) =>
            Value(_next++).ToString("D" + width.ToString(System.Globalization.CultureInfo.InvariantCulture), System.Globalization.CultureInfo.InvariantCulture);

        private static ulong Gcd(ulong x, ulong y)
        {
            while (y != 0)
            {
                (x, y) = (y, x % y);
            }

            return x;
        }
    }

    /// <summary>Chinese personal names, unique across the market so that a shared name means a shared person.</summary>
    private sealed class PeopleFactory(HashSet<string> taken)
    {
        private readonly HashSet<string> _taken = taken;

        public string Next(ref DemoRandom rng)
        {
            for (var attempt = 0; ; attempt++)
            {
                var name = DemoVocabulary.Surnames[rng.Next(DemoVocabulary.Surnames.Length)]
                    + DemoVocabulary.GivenChars[rng.Next(DemoVocabulary.GivenChars.Length)];
                if (attempt > 3 || rng.Chance(0.7))
                {
                    name += DemoVocabulary.GivenChars[rng.Next(DemoVocabulary.GivenChars.Length)];
                }

                if (_taken.Add(name))
                {
                    return name;
                }
            }
        }
    }
}
