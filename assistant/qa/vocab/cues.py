"""Question cues: the words that say what kind of answer is wanted, not what it is about.

Each pattern is matched against the normalized question. They decide the answer type (a number,
a date, a place, a person, a list …) and the operation (max, sum, a difference …); the item the
question is about never comes from here.
"""

from __future__ import annotations

import re

AGG_MAX = re.compile(r"(가장|제일)\s*(많|크|큰|높|길|늘|비싸|넓)|최대|최고|최다|1위")
"""The largest of several items ('예산이 가장 많은 사업은?')."""

LIMIT_WORD = re.compile(r"최대|최소|최고|최저|최다")
"""Words that, in a question naming no set to choose from, state a limit of the fact itself
('1인당 최대 얼마 받나요?', '최고 금리는?'): the word is in the evidence, not an aggregate."""

SET_ASK = re.compile(r"중에?|가운데|어느|어디|어떤|무엇|뭐|누구|곳은|데는|사업은|항목은|순위|비교")
"""Words that make a question choose among several items ('… 중 최대인 곳은?'): with one of them
최대/최소 is an aggregate."""

RANK_ORDINAL = re.compile(r"(두|세|네|다섯|[2-9])\s*번째로?\s*(많|크|큰|높|길|비싸|넓|적|작|낮|짧|싸|좁)")
"""A place in the order other than the first ('두 번째로 큰 사업'): group 1 the place, group 2 the
direction (max for 많/크/높…, min for 적/작/낮…)."""

RANK_NUMBER = {"두": 2, "세": 3, "네": 4, "다섯": 5}
"""The places RANK_ORDINAL writes in words."""

AGG_MIN = re.compile(r"(가장|제일)\s*(적|작|낮|짧|줄|싸|좁)|최소|최저|꼴찌")
"""The smallest of several items."""

AGG_SUM = re.compile(
    r"합(치|하|산|을)|합계(는|가|를)?\s*(얼마|몇)|(모두|전부|다)\s*(더|합)|총합|더하면|합쳐|통틀어|누적|"
    r"부터.*까지.*(모두|전부|총|다\s)\s*(몇|얼마)")
"""A sum over several items, named or implied ('다 합치면 몇 번?')."""

AGG_AVG = re.compile(r"평균")
"""An average; also a measure name in some tables ('평균 재결기간'), so only an operation when the
question has no such row."""

CHANGE = re.compile(r"늘었|늘어|줄었|줄어|증가|감소|증감|변동|달라|바뀌|차이|올랐|올라|상승|하락|떨어|높아졌|낮아졌")
"""A change or difference between two values (years, columns, reports)."""

DECREASE = re.compile(r"줄어|감소|줄었|삭감|깎|하락|떨어|낮아졌")
"""A change downwards."""

INCREASE = re.compile(r"늘어|증가|늘었|증액|올랐|올라|상승|높아졌")
"""A change upwards."""

ASKS = re.compile(r"얼마|몇|며칠|[?？]|나요|까요|니까|는지|인가|인지|뭐|무엇|어디|언제|누구|어떻|어떤|알려|궁금|주세요|줘")
"""What makes a sentence of a question ask something; a sentence without it is a remark ('작년보다
늘었다던데요.'), and the measures it names are not asked."""

SENTENCE_END = re.compile(r"(?<=[.?!？])\s+|(?<=던데|는데|은데|길래),?\s+")
"""Where one sentence of a question ends and the next begins, or a clause that only sets the scene
('… 정원보다 현원이 많던데, 정원이랑 현원이 각각 몇 명이에요?')."""

DESCRIBING_CLAUSE = re.compile(r"(?:^|(?<=[,，.?!]))[^,，.?!]*?(?:[을를]\s*)?수\s*있는(?=\s+[가-힣A-Za-z])")
"""A clause that says what a named thing is for ('밤이나 휴일에 애들 데려갈 수 있는 달빛어린이병원'):
the words before 수 있는 describe the thing named after it, they need not be in its evidence."""

WHICH = re.compile(r"(어느|어떤|무슨)\s*$")
"""What comes right before the category of the answer ('어느 나라 대사', '어떤 자리'): a category no
report writes is the kind of answer, not a word the evidence must carry."""

SUPERLATIVE_KIND = re.compile(r"(가장|제일)\s*[가-힣]{1,3}\s*$")
"""What comes right before the kind of item a superlative asks for ('가장 높은 수단은', '제일 많은
유형'): the rows are buses and trains, no report calls them 수단, so the word is not required."""

ASK_POINT = re.compile(r"얼마|몇\s*[가-힣]{1,2}|며칠")
"""Where a number is asked in a clause ('얼마', '몇 개')."""

COUNTED_NOUN = re.compile(r"(?<![가-힣])([가-힣]{2,3}?)(?:은|는|이|가)?\s*몇\s*개(?![가-힣]*[월년])")
"""'병상은 몇 개 규모': the noun counted, which a report may write as the counter itself ('50병상')."""

ATTRIBUTE_ASK = re.compile(r"어디|언제|누가|누구")
"""Where a clause asks a place, a date or a person ('어디에 들어서고 …')."""

CLAUSE_END = re.compile(r"[가-힣](고|며|이며|이고),?\s+")
"""A clause's end that another ask follows ('예산은 얼마고 사업은 몇 개', '몇 건 올렸고 방문은 몇 번')."""

TOPIC = re.compile(r"[가-힣A-Za-z0-9]+(은|는|이|가)$")
"""A word marked as the topic of its clause ('예산은'): what the clause asks about, not shared."""

CHANGED_TO = re.compile(r"(으로|로)\s*$")
"""Text right before a verb of change that makes the question ask the value reached, not the change:
'처리기간이 며칠로 단축됐나요?', '몇 명으로 늘었나요?' (the tail of the text before the verb)."""

PERCENT_CHANGE = re.compile(r"몇\s*(%|퍼센트|프로)\s*(줄|늘|증가|감소)|(증가|감소|증감)율|(줄|늘)어든?\s*비율")
"""A change asked as a share of the earlier value ('몇 % 줄었어?')."""

LIST_KIND = re.compile(r"(?:어떤|무슨|어느)\s+([가-힣]{2,6}?)(?:들)?(?:을|를|이|가|은|는|로|으로|에|도)?(?=\s|$|[?])")
"""'어떤 과제들을 추진하나요?': the kind of thing a list asks for, which its items are and need not say;
no item word of the question."""

COMPARED_WITH = re.compile(r"에\s*비(?:해서|하여|해|하면|한)(?![가-힣])")
"""'A에 비해 B': the words that set the base of a comparison, no item words ('정원에 비해 현원이')."""

COMPARE = re.compile(
    r"(중|가운데)\s*(어디|어느|누가|뭐가|무엇이|어떤\s*것이|어떤\s*쪽)|어느\s*쪽|더\s*(많|높|크|큰|적|낮|작|길|넓|좁|비싸|싸|늘|줄)|"
    r"비교|대비(?![하해한할])(?!\s*(?:비율|비중|점유율|구성비))|보다|" + COMPARED_WITH.pattern)
"""A comparison between two items, years or reports. '대비해서/대비한' is the verb 'to prepare for'
('유행에 대비해서 … 몇 병상'), not 'compared with'; '인구 대비 비율' names a ratio's base, one figure."""

DIFFERENCE = re.compile(r"차이|격차")
"""The difference between two things named together ('A랑 B 예산 차이')."""

CONJUNCTION = re.compile(r"(?<=[가-힣A-Za-z0-9)])(?:이랑|랑|하고|와|과)\s+|\s+및\s+|\s+그리고\s+")
"""What joins the parts of a compound phrase ('정원하고 현원', '일시와 장소', 'A·B·C')."""

LIST = re.compile(
    r"나열|목록|리스트|전부\s*(알려|말해|보여)|모두\s*(알려|말해|보여)|다\s*(알려|말해)|뭐뭐|무엇무엇|어디어디|누구누구|"
    r"어떤\s*(것|거|게)들|(어떤|무슨)\s*\S+들|(무엇|뭐)(이|가)\s*있|어떤\s*(것|게|거)\s*있|종류|항목들|들\s*(은|이|을|를|\s좀)?\s*(뭐|무엇|어디|알려)|"
    r"(두|세|네|다섯|여섯|일곱|여덟|아홉|열|\d+)\s*(가지|개)\s*(는|를|가|이|은)?\s*(뭐|무엇|어떤|알려|나열)|어떤\s*자리|"
    r"\d+\s*대\s*[가-힣]+(이|가|은|는)?\s*(뭐|무엇|어떤|알려)|\d+\s*(개|곳|가지)\s+[가-힣].*(알려|나열|뭐|무엇|어디)")
"""A request for the items of a list ('…를 모두 나열해 줘', '어떤 것들이 있어?')."""

OVERVIEW = re.compile(r"주요\s*(업무|사업|과제|기능|추진\s*과제)|무슨\s*일|어떤\s*일|개요|요약|전반적|"
                      r"큰\s*(줄기|틀|그림)|골자|한눈에")
"""A request for the outline of an office's work ('주요업무는?', '큰 그림만 짚어 줘')."""

PLAN_PART = re.compile(r"역점\s*(시책|과제|사업)|(정책|핵심|중점|추진)\s*(과제|시책|목표)|"
                       r"비전|추진\s*전략|추진\s*방향|정책\s*방향")
"""The parts of a work plan by which a report is summed up: its vision, its aims, its tasks. In an
overview they name which outline is wanted, not an item a line must carry."""

PLAN_PART_ASKED = re.compile(r"(?:역점\s*(?:시책|과제)|(?:정책|핵심|중점|추진)\s*(?:과제|시책|목표)|비전|추진\s*전략|"
                             r"추진\s*방향|정책\s*방향)(?:이|가|은|는)?\s*(?:뭐|무엇|어떻게|어떤\s*것)")
"""A plan part asked for itself ('목표랑 추진전략이 뭐예요?', '비전은 무엇인가요?'): the plan's outline."""

SUMMARY = re.compile(r"정리|무슨\s*내용|어떤\s*내용|어떤\s*방향|방향(?:이|은|을)?\s*(?:뭐|무엇|어떻|어때)|중심으로|"
                     r"한마디로|요컨대|(?:뭘|무엇을|뭐)\s*(?:하겠다|하려|한다는|하는\s*거)|"
                     r"짜여|짜였|구성(?:돼|되어|된)\s*있|이루어져")
"""Asking for the gist ('정리해 주세요', '무슨 내용이에요', '한마디로 뭘 하겠다는 거예요', '어떤 분야로
짜여 있어?'): an overview when
what it is about is a work plan's part (PLAN_PART), a part of the report (SECTION_WORD) or the report
itself (REPORT_ITSELF), a plain content question otherwise."""

SECTION_WORD = re.compile(r"(?:분야|항목|부문|영역|과제)(?:에서는|에서|에는|은|는|의|이|가)?(?:\s|$)")
"""A part of a report named as such ('열린의회 구현 분야에서는', "'○○' 항목은"): asked for its gist, it
is that heading's outline that is wanted."""

PLAN_SECTION = re.compile(r"주요\s*업무|업무\s*계획|역점\s*(시책|과제|사업)|(정책|핵심|중점|추진)\s*(과제|시책)|"
                          r"추진\s*계획")
"""A heading that holds a report's plan ('Ⅴ. 2025년 주요업무 계획', 'Ⅲ. 주요업무 보고'): the outline
a summary gets when it names no heading of its own."""

_REPORT_JOSA = r"(?:에서는|에서|에는|에|는|가|를|은|의|,)?(?:\s|$)"
REPORT_ITSELF = re.compile(rf"(?:업무\s*보고서?|보고서|업무\s*계획서?|(?:19|20)\d{{2}}\s*년\s*계획){_REPORT_JOSA}")
"""The report named as a whole ('○○국 보고서에는 무슨 내용이 있어?', '○○국 2025년 계획은'): its overview is the report's
own top-level outline, with the plan's parts under it."""

NEGATION = re.compile(r"(?:[^\s,]+\s+)?[^\s,]+?\s*(?:은|는|이|가|을|를)?\s*(?:말고|아니고|빼고|뺀|제외하고|제외한|말구)(?=\s|$)")
"""'A 말고 B': A (the two words before the cue) is named only to be excluded."""

NUMBER_WORDS = re.compile(r"규모|액수|금액|총액|수치|몇")
"""Words that make a question ask for a number even without a counter ('시설 규모가 궁금해요')."""

FREQUENCY = re.compile(r"몇\s*(년|달|개월|주)\s*(마다|에\s*한\s*번)|얼마나\s*자주|주기|빈도")
"""How often something happens: answered by '격년', '연 2회', not by a count."""

TOTAL = re.compile(r"총|전체|합계|총액|총계|통틀어")
"""The total row is wanted ('총 정원', '전체 예산')."""

WH: tuple[tuple[str, re.Pattern], ...] = (
    ("date", re.compile(r"언제|며칠|몇\s*월|몇\s*일(?!\s*(동안|간))|일시|날짜|시기|일정|기간|개최일|얼마\s*동안")),
    ("place", re.compile(r"어디서|어디에서|어디에|어딘|어디\s*있|장소|위치|어느\s*곳|개최지")),
    ("person", re.compile(r"누구|누가|성함|이름이|이름은|이름\s*(뭐|알려)")),
    ("org", re.compile(r"어느\s*(기관|부서|과|팀|담당관|단체|곳에서)|어떤\s*(기관|부서|단체)|담당\s*부서|소관")),
    ("how", re.compile(r"어떻게|방법|절차|방식")),
    ("what", re.compile(r"무엇|뭐(야|예요|에요|죠|지|임|니|였|가)|무슨|어떤\s*(내용|사업|것)|내용")),
)
"""Question words for the attribute of a fact, in the order of precedence when several appear."""

COUNTERS = re.compile(
    r"몇\s*(명|건|회|번|개소|개교|개국|개월|개|곳|일|년|%|퍼센트|프로|가지|종|권|톤|대|부|편|㎡|평|시간|팀|차례|세대|가구|배|석)"
    r"|(며칠)(?=\s*(이|간|동안|걸|정도|나|씩|이에요|이야|로|으로))")
"""'몇 명' → 명: the unit the answer's number must carry."""

ANY_COUNTER = re.compile(r"몇\s*([가-힣]{1,2}?)(?=\s|[?？.]|이|가|은|는|을|를|의|도|만|씩|로|으로|예요|에요|야|요|인가|나|쯤|정도|까지|$)")
"""'몇 석', '몇 층', '몇 살': whatever word follows 몇 is the counter the answer must carry, even one
not in COUNTERS; a number without it is not the answer. The shortest word before a particle ('몇 기를'
→ 기, '몇 기나' → 기, '몇 명쯤' → 명), so the particle is not taken for part of the counter."""

NOT_COUNTERS = frozenset({"시", "시에", "월", "일", "분", "초", "차", "위", "등", "번째", "년도", "학년", "주년", "호"})
"""Words after 몇 that ask a time, a date or a rank ('몇 시에', '몇 월', '몇 위'), not a count."""

MONEY_IN_UNIT = re.compile(r"몇\s*(?:십|백|천)?\s*(?:만|억|조)\s*원?|몇\s*(?:백|천)\s*원")
"""'몇 백만원이에요?', '몇 억', '몇 천원': an amount asked in the report's unit — money, not a counter 백."""

SYLLABLE_COUNTERS = frozenset({"원", "회", "명", "건", "개", "일", "년", "곳", "대", "부", "편", "종", "권", "배", "시간", "팀"})
"""Counters that end many nouns that name no count (의원, 협의회, 사건, 공개, 예산부, 세대): a noun
ending in one of these is not the thing counted."""

EVENTS: tuple[tuple[re.Pattern, tuple[str, ...]], ...] = (
    (re.compile(r"문\s*(을\s*)?(열|여|연다)|개소|개관|개원|개장|오픈|문\s*여는"), ("개소", "개관", "개원", "개장", "개통", "운영 개시", "문을 열", "오픈")),
    (re.compile(r"착공|첫\s*삽|공사\s*(를\s*)?시작"), ("착공",)),
    (re.compile(r"준공|완공|다\s*지어|완성"), ("준공", "완공", "완료")),
    (re.compile(r"지어졌|지었|건립|세워졌"), ("건립", "준공", "완공", "건축")),
    (re.compile(r"시행|도입"), ("시행", "도입", "시작")),
    (re.compile(r"계약"), ("계약", "체결")),
    (re.compile(r"공고|모집"), ("공고", "모집")),
)
"""Events a date question asks by its verb ('언제 문을 열어요?') and the nouns a report names them by
('개소(예정)'): of two dated lines about the same project, the one naming the asked event is its date."""

COUNT_NOUN_UNITS = {"횟수": "회", "건수": "건", "개소수": "개소", "대수": "대", "일수": "일", "가구수": "가구"}
COUNT_NOUNS = re.compile(r"(횟수|건수|개소\s?수|대수|일수|가구\s?수)")
"""A noun that names a count ('운행 횟수', '선정 건수'): the counter of the number asked, as '몇 회' would."""

COUNTER_ALIASES = {"번": "회", "차례": "회", "퍼센트": "%", "프로": "%", "가지": "개", "며칠": "일", "군데": "곳"}
"""Counters written another way: 몇 번 = 몇 회."""

PEOPLE_WORDS = re.compile(r"인원|인력|사람|명수|참가자|참석자|참여자|직원\s*수")
"""Words that make a count a count of people even without '몇 명'."""

QUANTITY_WORDS = re.compile(r"물량|수량|면적|넓이|거리|길이|용량|무게|중량|인구|가구\s*수|세대\s*수|배출량|발생량|사용량|처리량|거래량")
"""Nouns of a quantity that is not money ('물량이 얼마야?', '면적은 얼마나 돼?'): '얼마' of one asks
the quantity in whatever unit the report gives, not an amount of money."""

MONEY_WORDS = re.compile(r"금액|액수|돈|예산|비용|사업비|[가-힣]액(?![가-힣])|원(?![가-힣])")
"""Words that make '얼마' an amount of money even beside a quantity noun ('거래물량 금액')."""

MONEY_QUESTION = re.compile(
    r"얼마(예요|에요|인가요|입니까|였|야|지|죠|로|까지|씩)|얼마\s*(나\s*|를\s*|씩\s*)?(들|편성|배정|책정|잡|집행|썼|쓰|남|아끼|아꼈|"
    r"절감|절약|지원|지급|받|내(?![려렸]))|얼마\s*[?？]?$|금액|액수|돈|[가-힣]액(?![가-힣])")
"""A question that wants an amount of money ('얼마예요?', '얼마나 집행됐어?', '매달 얼마씩 주나요?',
'얼마나 절약했나요?', '투자액 확인'): an amount noun ends in 액."""

HOW_MUCH_CHANGE = re.compile(r"얼마나\s*(늘|줄|증가|감소|차이)")
"""'얼마나 늘었어요?': the size of a change, in the unit of the values."""

ANAPHORA = re.compile(
    r"^(그중(에서|에)?|그 중(에서|에)?|이 중(에서|에)?|그럼|그러면|그리고|그건|그거|이건|이거|그것|이것|거기(서|에서|는)?|그곳|"
    r"그때|해당|그\s+(항목|사업|위원회|기관|부서|표|행|기금|중|회의|행사|계획|과제)(은|는|의|에서)?)\s*")
"""A follow-up that points back at the previous turn's subject ('그중 …', '그 항목 …')."""

NEW_TOPIC = re.compile(r"^(아\s*)?(그건|그거는?)\s*(됐고|됐어|알겠고|그렇고)|^(다른\s*(질문|거)|그럼\s*이번엔)")
"""A turn that drops the previous subject on purpose ('그건 됐고, …')."""

RELATIVE_YEAR = {"재작년": -2, "작년": -1, "지난해": -1, "전년도": -1, "전년": -1, "올해": 0, "금년": 0, "내년": 1}
"""Year words relative to the year a conversation speaks of ('작년엔?' after a 2021 figure asks 2020)."""

SPOKEN_YEAR = re.compile(r"(?<![가-힣])(재작년|작년|지난해|올해|금년|내년)(?![가-힣]*대비)")
"""A year named relative to now, inside a question ('작년 실적이랑 비교해서 올해는'): now is the year of
the reports asked about. 전년 is left out: '전년 대비' is a column's base year, not a year asked."""

FULL_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*년")
"""A year written out in full ('2024년'): what '그 전해' and a second date without its year count from."""

YEAR_BEFORE_NAMED = re.compile(r"그\s*(?:전\s*해|전년도|전년|이전\s*해|앞\s*해)")
"""'2024년 결과가 그 전해보다': the year before the one the question has just named."""

RELATIVE_YEAR_ONLY = re.compile(r"^(재작년|작년|지난해|전년도|전년|올해|금년|내년)\s*(은|는|엔|에는|에|의|도)?\s*(요|어때요?|어땠어요?|는요)?\s*[?？]?$")
"""A follow-up that only moves the year ('작년엔?', '내년은요?')."""

BOTH = re.compile(r"^(둘|두\s*(개|곳|쪽|가지))\s*중")
"""'둘 중 어느 쪽이 …': the two items of the previous answer."""

QUESTION_TAIL = re.compile(
    r"(은|는|이|가|을|를|도|요)?\s*(얼마(나|예요|에요|인가요|입니까|야|지|였어요?|였나요|였지)?|몇\s*\S*|어떻게\s*\S*|언제\s*\S*|"
    r"어디\S*|누구\S*|무엇\S*|뭐\S*|알려\s*\S*|확인\s*\S*|인가요|입니까|이에요|예요|에요|이죠|나요|까요|돼요|되나요|있어요|"
    r"있나요|해요|하나요|했어요|했나요|됐어요|됐나요|됐어)[\s?？.!]*$")
"""The predicate at the end of a question, removed before its item is read."""

PER_UNIT_ASK = re.compile(r"(?:[가-힣]+\s+)?(?:한|1)\s*(?:명|사람|인|가구|세대|곳|개소|건|대|팀)\s*(?:당|에\s*얼마)|"
                          r"(?<![가-힣])(?:인|명|가구|세대|건|대)당|[가-힣]{1,4}\s*당\s*(?:최대\s*|연간\s*)?(?:얼마|몇)|"
                          r"한\s*번에|한\s*달(?:에|에는)?|매달|매월|월(?=\s*최대)")
"""A figure asked per person, per thing or per month ('아이 한 명당 얼마', '한 달에 최대'): not a total.
The words before 한 명당 name what is counted per, which a report writes its own way (출생아 당)."""

PER_UNIT_STATED = re.compile(r"당(?![가-힣])|[1한]\s*(?:인|명|가구|세대|곳|개소|건|대|식|회)(?![가-힣])|"
                             r"(?<![가-힣])월\s*(?:최대|평균|지급|[\d,.]+)|매월|매달|/\s*(?:월|인|명)")
"""A per-unit figure as a report states it ('출생아 당 최대 100만원', '1인 월 최대 지급액 34만원',
'월 최대42.5만원'): a line without it states a total, not a per-unit figure."""

PER_BASE = re.compile(r"[가-힣]*\s*당(?![가-힣])|(?:[1한]\s*)?(?:인|명|가구|세대)\s*당")
"""What a per-unit figure is per, in a report's words ('출생아 당', '1인당'): no name of another item."""
