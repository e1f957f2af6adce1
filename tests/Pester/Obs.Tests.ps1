# The OBS cmdlets against the local service's OBS endpoint: a folder tree up and down byte-identical, skip-unchanged
# proven by the request log, bad input refused before any request, service errors mapped, and no partial file left.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'Common/TestHelpers.psm1') -Force
    Import-Module $env:MODELARTS_TEST_MODULE -Force
    $script:svc = Start-MaLocalService
    Connect-MaTestSession $svc
    $null = New-Item -ItemType Directory (Join-Path $svc.DataRoot 'obs/obs-test') -Force
    $script:work = Join-Path $svc.DataRoot 'client'
    $null = New-Item -ItemType Directory $work -Force

    function Get-LastSeq { $log = @(Get-MaLocalRequestLog $svc); if ($log) { $log[-1].seq } else { 0 } }
    function Get-SentRequests([long] $Since) { @(Get-MaLocalRequestLog $svc -Since $Since | Where-Object path -NotLike '/_local/*') }

    # SHA-256 of every file under a folder, by relative path with '/', so two trees compare as one table.
    function Get-TreeHash([string] $Root) {
        $full = (Resolve-Path $Root).Path
        Get-ChildItem $full -Recurse -File | Sort-Object FullName | ForEach-Object {
            '{0} {1} {2}' -f $_.FullName.Substring($full.Length + 1).Replace('\', '/'), $_.Length, (Get-FileHash $_.FullName -Algorithm SHA256).Hash
        }
    }

    # A tree with nested folders, unicode and spaces in names, a 0-byte file and one file of three parts.
    $script:tree = Join-Path $work 'tree'
    $null = New-Item -ItemType Directory (Join-Path $tree 'a/b/c'), (Join-Path $tree 'mit Leerzeichen/ünïcødé 数据') -Force
    Set-Content (Join-Path $tree 'top.txt') 'top' -NoNewline
    Set-Content (Join-Path $tree 'a/b/c/deep.txt') 'deep' -NoNewline
    Set-Content (Join-Path $tree 'mit Leerzeichen/ünïcødé 数据/file name.txt') 'unicode' -NoNewline
    $null = New-Item -ItemType File (Join-Path $tree 'a/empty.bin')
    $script:partSize = 256KB
    $bytes = [byte[]]::new(2 * $partSize + 12345)
    [Random]::new(14).NextBytes($bytes)
    [IO.File]::WriteAllBytes((Join-Path $tree 'a/large.bin'), $bytes)
}

AfterAll {
    Disconnect-MaSession
    Stop-MaLocalService $svc
}

Describe 'Copy-MaObsItem, Get-MaObsItem and Remove-MaObsItem with a folder tree' {
    It 'uploads the tree keeping the folder name, the large file in parts, and writes the objects' {
        $since = Get-LastSeq
        $objects = Copy-MaObsItem $tree 'obs://obs-test/up/' -Recurse -PartSize $partSize
        $objects.Count | Should -Be 5
        ($objects | Where-Object Key -EQ 'up/tree/a/large.bin').ETag | Should -Match '^[0-9a-f]{32}-3$'
        $sent = Get-SentRequests $since
        @($sent | Where-Object { $_.method -eq 'PUT' -and $_.query -like '*partNumber=*' }).Count | Should -Be 3
        @($sent | Where-Object { $_.method -eq 'PUT' -and $_.query -notlike '*partNumber=*' }).Count | Should -Be 4
        Test-Path (Join-Path $svc.DataRoot 'obs/obs-test/up/tree/mit Leerzeichen/ünïcødé 数据/file name.txt') | Should -BeTrue
    }

    It 'lists a folder level with its subfolders, and everything with -Recurse, with sizes and ETags' {
        $level = Get-MaObsItem 'obs://obs-test/up/tree/'
        ($level | Where-Object IsFolder).Key | Sort-Object | Should -Be @('up/tree/a/', 'up/tree/mit Leerzeichen/')
        ($level | Where-Object { -not $_.IsFolder }).Key | Should -Be 'up/tree/top.txt'
        $all = Get-MaObsItem 'obs://obs-test/up/tree/' -Recurse
        $all.Count | Should -Be 5
        ($all | Where-Object Key -EQ 'up/tree/a/empty.bin').Size | Should -Be 0
        ($all | Where-Object Key -EQ 'up/tree/top.txt').ETag | Should -Be ((Get-FileHash (Join-Path $tree 'top.txt') -Algorithm MD5).Hash.ToLowerInvariant())
        (Get-MaObsItem 'obs://obs-test/up/tree/top.txt').Size | Should -Be 3
        (Get-MaObsItem).Name | Should -Contain 'obs-test'
    }

    It 'downloads the tree byte-identical (hashes compared), the large file by ranges' {
        $down = Join-Path $work 'down'
        $files = Copy-MaObsItem 'obs://obs-test/up/tree/' $down -Recurse -PartSize $partSize
        $files.Count | Should -Be 5
        $files[0] | Should -BeOfType ([IO.FileInfo])
        Get-TreeHash $down | Should -Be (Get-TreeHash $tree)
        Get-ChildItem $down -Recurse -Filter '*.ma-partial' | Should -BeNullOrEmpty
    }

    It 'sends no PUT for a second upload of the unchanged folder with -Skip Unchanged (request log)' {
        $since = Get-LastSeq
        $objects = Copy-MaObsItem $tree 'obs://obs-test/up/' -Recurse -PartSize $partSize -Skip Unchanged
        $objects | Should -BeNullOrEmpty
        $sent = Get-SentRequests $since
        @($sent | Where-Object method -In 'PUT', 'POST').Count | Should -Be 0
        @($sent | Where-Object method -EQ 'GET').Count | Should -BeGreaterThan 0
        Set-Content (Join-Path $tree 'top.txt') 'changed' -NoNewline
        $since = Get-LastSeq
        (Copy-MaObsItem $tree 'obs://obs-test/up/' -Recurse -PartSize $partSize -Skip Unchanged).Key | Should -Be 'up/tree/top.txt'
        @(Get-SentRequests $since | Where-Object method -EQ 'PUT').Count | Should -Be 1
    }

    It 'takes FileInfo and OBS objects from the pipeline' {
        (Get-Item (Join-Path $tree 'top.txt') | Copy-MaObsItem -Destination 'obs://obs-test/piped/').Key | Should -Be 'piped/top.txt'
        $target = Join-Path $work 'piped'
        $null = New-Item -ItemType Directory $target -Force
        (Get-MaObsItem 'obs://obs-test/piped/top.txt' | Copy-MaObsItem -Destination $target).Name | Should -Be 'top.txt'
    }

    It 'removes one object, and a folder with -Recurse' {
        Remove-MaObsItem 'obs://obs-test/piped/top.txt' -Force
        Get-MaObsItem 'obs://obs-test/piped/top.txt' -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        Remove-MaObsItem 'obs://obs-test/up/tree/' -Recurse -Force
        Get-MaObsItem 'obs://obs-test/up/' -Recurse -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
    }
}

Describe 'Bad input and service errors' {
    It 'refuses <case> with <category> before any request' -ForEach @(
        @{ case = 'a missing local file'; category = 'ObjectNotFound'; id = 'LocalPathNotFound'; run = { Copy-MaObsItem (Join-Path $work 'nope.txt') 'obs://obs-test/x/' } }
        @{ case = 'a path without a bucket'; category = 'InvalidArgument'; id = 'InvalidObsPath'; run = { Copy-MaObsItem (Join-Path $tree 'a/b/c/deep.txt') 'obs://' } }
        @{ case = 'an invalid bucket name'; category = 'InvalidArgument'; id = 'InvalidObsPath'; run = { Get-MaObsItem 'obs://Bad_Bucket/key' } }
        @{ case = 'a folder without -Recurse'; category = 'InvalidArgument'; id = 'ObsFolderNeedsRecurse'; run = { Copy-MaObsItem $tree 'obs://obs-test/x/' } }
        @{ case = 'an existing local destination without -Force'; category = 'ResourceExists'; id = 'LocalDestinationExists'; run = { Copy-MaObsItem 'obs://obs-test/any.txt' (Join-Path $tree 'top.txt') } }
    ) {
        $since = Get-LastSeq
        $errors = @()
        & $run -ErrorVariable errors -ErrorAction SilentlyContinue
        $errors[0].CategoryInfo.Category | Should -Be $category
        $errors[0].FullyQualifiedErrorId | Should -BeLike "$id,*"
        Get-SentRequests $since | Should -BeNullOrEmpty
    }

    It 'maps NoSuchKey and NoSuchBucket to ObjectNotFound, with the request id, and leaves no file' {
        $errors = @()
        Copy-MaObsItem 'obs://obs-test/missing.bin' (Join-Path $work 'missing.bin') -ErrorVariable errors -ErrorAction SilentlyContinue
        $errors[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $errors[0].FullyQualifiedErrorId | Should -BeLike 'ObsObjectNotFound,*'
        Test-Path (Join-Path $work 'missing.bin') | Should -BeFalse

        $errors = @()
        Get-MaObsItem 'obs://no-such-bucket/' -ErrorVariable errors -ErrorAction SilentlyContinue
        $errors[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $errors[0].Exception.Message | Should -Match 'NoSuchBucket.*request id'
    }
}
