# The OBS cmdlets against the local service's OBS endpoint: a folder tree up and down byte-identical, skip-unchanged
# proven by the request log, bad input refused before any request, service errors mapped, and no partial file left.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'Common/TestHelpers.psm1') -Force
    Import-Module $env:MODELARTS_TEST_MODULE -Force
    $script:svc = Start-MaLocalService
    Connect-MaLocalSession $svc
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
    BeforeAll {
        $script:codeJob = @{
            Name = 'lcd_bad'; FrameworkType = 'PyTorch'; FrameworkVersion = 'PyTorch-1.0.0-python3.6'; CodeDir = 'obs://obs-test/lcd/'; BootFile = 'train.py'
            Inputs = 'obs://obs-test/lr/data/'; OutputPath = 'obs://obs-test/lcd-out/'; TrainInstanceType = 'modelarts.vm.cpu.2u'; TrainInstanceCount = 1
        }
        $script:emptyCode = Join-Path $work 'empty-code'
        $null = New-Item -ItemType Directory $emptyCode -Force
    }

    It 'refuses <case> with <category> before any request' -ForEach @(
        @{ case = 'a missing local file'; category = 'ObjectNotFound'; id = 'LocalPathNotFound'; run = { Copy-MaObsItem (Join-Path $work 'nope.txt') 'obs://obs-test/x/' } }
        @{ case = 'a path without a bucket'; category = 'InvalidArgument'; id = 'InvalidObsPath'; run = { Copy-MaObsItem (Join-Path $tree 'a/b/c/deep.txt') 'obs://' } }
        @{ case = 'an invalid bucket name'; category = 'InvalidArgument'; id = 'InvalidObsPath'; run = { Get-MaObsItem 'obs://Bad_Bucket/key' } }
        @{ case = 'a folder without -Recurse'; category = 'InvalidArgument'; id = 'ObsFolderNeedsRecurse'; run = { Copy-MaObsItem $tree 'obs://obs-test/x/' } }
        @{ case = 'an existing local destination without -Force'; category = 'ResourceExists'; id = 'LocalDestinationExists'; run = { Copy-MaObsItem 'obs://obs-test/any.txt' (Join-Path $tree 'top.txt') } }
        # Before the catalog reads that resolve the job's flavor and engine, not only before the upload.
        @{ case = 'a -LocalCodeDir that does not exist'; category = 'ObjectNotFound'; id = 'LocalPathNotFound'; run = { New-MaTrainingJob @codeJob -LocalCodeDir (Join-Path $work 'no-such-code') } }
        @{ case = 'a -LocalCodeDir that is a file'; category = 'InvalidArgument'; id = 'LocalCodeDirNotFolder'; run = { New-MaTrainingJob @codeJob -LocalCodeDir (Join-Path $tree 'top.txt') } }
        @{ case = 'an empty -LocalCodeDir'; category = 'InvalidArgument'; id = 'LocalCodeDirEmpty'; run = { New-MaTrainingJob @codeJob -LocalCodeDir $emptyCode } }
    ) {
        $since = Get-LastSeq
        $ErrorActionPreference = 'Stop'
        $failure = { & $run } | Should -Throw -PassThru
        $failure.CategoryInfo.Category | Should -Be $category
        $failure.FullyQualifiedErrorId | Should -BeLike "$id,*"
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

Describe 'Credentials: password sessions and temporary keys' {
    It 'a password session buys temporary AK/SK from IAM and signs OBS with them' {
        $password = Connect-MaLocalSession $svc -Password -PassThru
        $since = Get-LastSeq
        (Copy-MaObsItem (Join-Path $tree 'a/b/c/deep.txt') 'obs://obs-test/pw/' -Session $password).Key | Should -Be 'pw/deep.txt'
        $sent = Get-SentRequests $since
        @($sent | Where-Object path -EQ '/v3.0/OS-CREDENTIAL/securitytokens').Count | Should -Be 1
        ($sent | Where-Object path -EQ '/obs-test/pw/deep.txt').status | Should -Be 200
    }

    It 'temporary keys given to Connect-MaSession sign with x-obs-security-token' {
        $body = @{ auth = @{ identity = @{ methods = @('password'); password = @{ user = @{ name = $svc.UserName; password = $svc.Password; domain = @{ name = $svc.DomainName } } } }; scope = @{ project = @{ name = $svc.ProjectName } } } } | ConvertTo-Json -Depth 10
        $token = (Invoke-WebRequest "$($svc.Url)/v3/auth/tokens" -Method Post -Body $body -ContentType 'application/json').Headers['X-Subject-Token'][0]
        $keyBody = '{"auth":{"identity":{"methods":["token"],"token":{"duration_seconds":900}}}}'
        $credential = (Invoke-RestMethod "$($svc.Url)/v3.0/OS-CREDENTIAL/securitytokens" -Method Post -Body $keyBody -ContentType 'application/json' -Headers @{ 'X-Auth-Token' = $token }).credential
        $temporary = Connect-MaSession -Endpoint $svc.Url -AccessKey $credential.access -SecretKey (ConvertTo-SecureString $credential.secret -AsPlainText -Force) `
            -SecurityToken (ConvertTo-SecureString $credential.securitytoken -AsPlainText -Force) -ProjectId $svc.ProjectId -PassThru
        (Copy-MaObsItem (Join-Path $tree 'a/b/c/deep.txt') 'obs://obs-test/temp/' -Session $temporary).Key | Should -Be 'temp/deep.txt'
        (Get-MaObsItem 'obs://obs-test/temp/' -Session $temporary).Key | Should -Be 'temp/deep.txt'
        Connect-MaLocalSession $svc
    }
}

Describe "The seed's first example from a local folder, and its outputs brought home" {
    It 'New-MaTrainingJob -LocalCodeDir uploads the code first, then Save-MaTrainingJobOutput downloads the model' {
        $src = Join-Path $work 'lr-src'
        $null = New-Item -ItemType Directory $src -Force
        Set-Content (Join-Path $src 'train.py') @'
import argparse, os
parser = argparse.ArgumentParser()
parser.add_argument('--data_url')
parser.add_argument('--train_url')
args, _ = parser.parse_known_args()
print('data', sorted(os.listdir(args.data_url)), flush=True)
os.makedirs(args.train_url, exist_ok=True)
with open(os.path.join(args.train_url, 'model.txt'), 'w') as model:
    model.write('trained')
'@
        Set-MaLocalObject $svc 'obs-test/lr/data/train.csv' "x,y`n1,2`n"
        $example = @{
            FrameworkType = 'PyTorch'; FrameworkVersion = 'PyTorch-1.0.0-python3.6'; LocalCodeDir = $src; CodeDir = 'obs://obs-test/lr/code/'; BootFile = 'train.py'
            Inputs = 'obs://obs-test/lr/data/'; TrainInstanceType = 'modelarts.vm.cpu.2u'; TrainInstanceCount = 1
        }
        $job = New-MaTrainingJob -Name 'lr_local' @example -OutputPath 'obs://obs-test/lr/out/' -Hyperparameter ([ordered]@{ learning_rate = '0.5' })
        (Get-MaObsItem 'obs://obs-test/lr/code/train.py').Size | Should -Be (Get-Item (Join-Path $src 'train.py')).Length
        $out = Join-Path $work 'lr-out'
        $saved = $job | Wait-MaTrainingJob | Save-MaTrainingJobOutput -Destination $out
        $saved.Name | Should -Contain 'model.txt'
        Get-Content (Join-Path $out 'model.txt') -Raw | Should -Be 'trained'

        $since = Get-LastSeq
        $null = New-MaTrainingJob -Name 'lr_local_again' @example -OutputPath 'obs://obs-test/lr/out2/'
        @(Get-SentRequests $since | Where-Object { $_.method -eq 'PUT' -and $_.path -like '/obs-test/*' }).Count | Should -Be 0
    }
}

Describe 'Ctrl+C during a large transfer' {
    BeforeAll {
        $script:big = Join-Path $work 'big.bin'
        $stream = [IO.File]::Create($big)
        $stream.SetLength(48MB)
        $stream.Dispose()
        # The service's copy is written straight into its data root: this test is about the client's stop.
        Copy-Item $big (Join-Path $svc.DataRoot 'obs/obs-test/big.bin')

        # Runs a transfer in a second runspace of this process and stops it as soon as $Started says it is under way.
        # Every request waits 20 ms in the service meanwhile, so the transfer (48 MB in parts of at most 1 MB, one at a
        # time) is still under way when the stop comes, however fast the machine: without it a transfer could end between
        # $Started and the stop, and leave the finished file that a stopped one must not.
        function Stop-Transfer([string] $Command, [scriptblock] $Started) {
            Set-MaLocalFault $svc @{ latency_ms = 20 }
            try {
                $shell = [powershell]::Create()
                $null = $shell.AddScript(@"
Import-Module '$env:MODELARTS_TEST_MODULE'
`$key = ConvertTo-SecureString '$($svc.SecretKey)' -AsPlainText -Force
Connect-MaSession -Endpoint '$($svc.Url)' -AccessKey '$($svc.AccessKey)' -SecretKey `$key -ProjectId '$($svc.ProjectId)'
$Command
"@)
                $running = $shell.BeginInvoke()
                $deadline = [DateTime]::UtcNow.AddSeconds(60)
                while (-not (& $Started) -and -not $running.IsCompleted -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 20 }
                $running.IsCompleted | Should -BeFalse -Because 'the transfer must still be running when it is stopped'
                $watch = [Diagnostics.Stopwatch]::StartNew()
                $shell.Stop()
                Write-Host "Stopped $($watch.ElapsedMilliseconds) ms after the stop was asked for."
                $shell.Dispose()
            }
            finally { Clear-MaLocalFault $svc }
        }

        # A state that a stopped transfer reaches once its last request has ended (generous bound).
        function Wait-Until([scriptblock] $Condition) {
            $deadline = [DateTime]::UtcNow.AddSeconds(30)
            while (-not (& $Condition) -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 100 }
            & $Condition
        }
    }

    It 'a stopped download leaves neither the file nor a partial one' {
        $target = Join-Path $work 'stopped'
        $null = New-Item -ItemType Directory $target -Force
        Stop-Transfer "Copy-MaObsItem 'obs://obs-test/big.bin' '$target' -PartSize 100KB -ThrottleLimit 1" { @(Get-ChildItem $target -Filter '*.ma-partial').Count -gt 0 }
        Wait-Until { @(Get-ChildItem $target).Count -eq 0 } | Should -BeTrue -Because "the stop must remove what it wrote; left: $(@(Get-ChildItem $target | ForEach-Object { "$($_.Name) ($($_.Length) bytes)" }) -join ', ')"
    }

    It 'a stopped multipart upload is aborted: no object, no parts left' {
        $uploads = Join-Path $svc.DataRoot 'obs-meta/uploads/obs-test'
        Stop-Transfer "Copy-MaObsItem '$big' 'obs://obs-test/stopped/' -PartSize 100KB -ThrottleLimit 1" { (Test-Path $uploads) -and @(Get-ChildItem $uploads -Recurse -File).Count -gt 2 }
        Wait-Until { -not (Test-Path $uploads) -or @(Get-ChildItem $uploads -Recurse -File).Count -eq 0 } | Should -BeTrue
        Test-Path (Join-Path $svc.DataRoot 'obs/obs-test/stopped/big.bin') | Should -BeFalse
        $since = Get-LastSeq
        Start-Sleep -Seconds 1
        @(Get-SentRequests $since | Where-Object path -EQ '/obs-test/stopped/big.bin').Count | Should -Be 0 -Because 'a stopped upload sends no more parts'
    }
    It 'a stopped upload with -Resume keeps its parts, and the next -Resume sends only the missing ones' {
        $uploads = Join-Path $svc.DataRoot 'obs-meta/uploads/obs-test'
        Stop-Transfer "Copy-MaObsItem '$big' 'obs://obs-test/resumed/' -PartSize 1MB -ThrottleLimit 1 -Resume" { (Test-Path $uploads) -and @(Get-ChildItem $uploads -Recurse -File).Count -gt 4 }
        Start-Sleep -Milliseconds 500
        $since = Get-LastSeq
        $object = Copy-MaObsItem $big 'obs://obs-test/resumed/' -PartSize 1MB -Resume -ErrorVariable copyErrors
        $copyErrors | Should -BeNullOrEmpty
        $parts = @(Get-SentRequests $since | Where-Object { $_.method -eq 'PUT' -and $_.path -eq '/obs-test/resumed/big.bin' -and $_.query -like '*partNumber=*' }).Count
        Write-Host "Resume sent $parts of 48 parts."
        $parts | Should -BeLessThan 48
        $object.ETag | Should -Match '-48$'
        (Get-FileHash (Join-Path $svc.DataRoot 'obs/obs-test/resumed/big.bin')).Hash | Should -Be (Get-FileHash $big).Hash
    }
}

Describe 'A multipart upload whose completion answer is lost' {
    AfterEach { Clear-MaLocalFault $svc }

    It 'is written once and reported as written: the re-sent completion finds the object its parts make' {
        $large = Join-Path $tree 'a/large.bin'
        Set-MaLocalFault $svc @{ fail_next = 1; fail_as = 'drop'; fail_method = 'POST'; fail_query = 'uploadId' }
        $since = Get-LastSeq
        $object = Copy-MaObsItem $large 'obs://obs-test/lost-answer/large.bin' -PartSize $partSize -ErrorVariable copyErrors
        $copyErrors | Should -BeNullOrEmpty
        $object.ETag | Should -Match '-3$'
        (Get-FileHash (Join-Path $svc.DataRoot 'obs/obs-test/lost-answer/large.bin')).Hash | Should -Be (Get-FileHash $large).Hash
        $completions = @(Get-SentRequests $since | Where-Object { $_.method -eq 'POST' -and $_.query -like '*uploadId=*' })
        $completions.Count | Should -Be 2
        $completions[0].fault | Should -Be 'drop'
    }
}
